using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>The JWT bearer scheme puts the chat user on HttpContext.User and keeps the validator's reasons.</summary>
public sealed class ChatAuthenticationTests
{
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    [Fact]
    public async Task A_query_token_makes_the_user_of_the_request()
    {
        var context = Request($"?token={TestTokens.Create(SigningKey, "alice", "Alice")}");
        await new AuthenticationMiddleware(_ => Task.CompletedTask, context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>()).Invoke(context);

        var outcome = Assert.NotNull(await ChatAuthentication.AuthenticateAsync(context));

        Assert.True(outcome.Succeeded);
        Assert.Equal(new ChatUser("alice", "Alice"), outcome.User);
        Assert.NotNull(outcome.ExpiresAt);
        Assert.Equal("alice", context.User.FindFirstValue(ClaimTypes.NameIdentifier));
    }

    [Fact]
    public async Task A_bearer_header_without_exp_is_refused_with_the_reason()
    {
        var context = Request(string.Empty);
        context.Request.Headers.Authorization = $"Bearer {TestTokens.Create(SigningKey, "alice", withExpiry: false)}";

        var outcome = Assert.NotNull(await ChatAuthentication.AuthenticateAsync(context));

        Assert.False(outcome.Succeeded);
        Assert.Equal("missing exp", outcome.FailureReason);
    }

    [Fact]
    public async Task No_token_is_no_result()
    {
        Assert.Null(await ChatAuthentication.AuthenticateAsync(Request(string.Empty)));
    }

    private static DefaultHttpContext Request(string query)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production })
            .AddSingleton(TimeProvider.System)
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(new AuthOptions { SigningKey = SigningKey }))
            .AddSingleton<SigningKeyProvider>()
            .AddSingleton<ChatTokenValidator>()
            .AddChatAuthentication()
            .BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.QueryString = new QueryString(query);
        return context;
    }
}
