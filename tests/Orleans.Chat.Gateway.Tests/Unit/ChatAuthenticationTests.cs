using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>A request's client token (?token= or Authorization: Bearer) through the one validator, with its reasons.</summary>
public sealed class ChatAuthenticationTests
{
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    private readonly ChatTokenValidator _tokens = new(
        new SigningKeyProvider(Microsoft.Extensions.Options.Options.Create(new AuthOptions { SigningKey = SigningKey }), new HostingEnvironment { EnvironmentName = Environments.Production }),
        Microsoft.Extensions.Options.Options.Create(new AuthOptions { SigningKey = SigningKey }),
        TimeProvider.System);

    [Fact]
    public void A_query_token_makes_the_user_of_the_request()
    {
        var outcome = Assert.NotNull(_tokens.ValidateRequest(Request($"?token={TestTokens.Create(SigningKey, "alice", "Alice")}")));

        Assert.True(outcome.Succeeded);
        Assert.Equal(new ChatUser("alice", "Alice"), outcome.User);
        Assert.NotNull(outcome.ExpiresAt);
    }

    [Fact]
    public void A_bearer_header_without_exp_is_refused_with_the_reason()
    {
        var request = Request(string.Empty);
        request.Headers.Authorization = $"Bearer {TestTokens.Create(SigningKey, "alice", withExpiry: false)}";

        var outcome = Assert.NotNull(_tokens.ValidateRequest(request));

        Assert.False(outcome.Succeeded);
        Assert.Equal("missing exp", outcome.FailureReason);
    }

    [Fact]
    public void No_token_is_no_result()
    {
        Assert.Null(_tokens.ValidateRequest(Request(string.Empty)));
        Assert.Null(_tokens.ValidateRequest(Request("?token=")));
    }

    private static HttpRequest Request(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }
}
