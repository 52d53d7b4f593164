using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>
/// Client connections run outside ASP.NET Core authentication (they check their own token, and a
/// WebSocket would hold what the middleware builds for its whole life); every other request goes through it.
/// </summary>
public sealed class ChatAuthenticationPipelineTests
{
    [Fact]
    public async Task Client_paths_skip_the_authentication_middleware_that_other_paths_run()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new ApiOptions()));
        builder.Services.AddChatAuthentication();
        await using var app = builder.Build();
        app.UseChatAuthentication("/ws", "/socket.io");
        // The authentication middleware marks every request it sees with this feature.
        RequestDelegate report = context => context.Response.WriteAsync(
            context.Features.Get<IAuthenticationFeature>() is null ? "outside" : "authenticated");
        app.Map("/ws", report);
        app.Map("/socket.io/", report);
        app.Map("/api/rooms", report);
        app.Map("/health/live", report);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()) };

        Assert.Equal("outside", await http.GetStringAsync("/ws?token=x"));
        Assert.Equal("outside", await http.GetStringAsync("/socket.io/?EIO=4&transport=polling"));
        Assert.Equal("authenticated", await http.GetStringAsync("/api/rooms"));
        Assert.Equal("authenticated", await http.GetStringAsync("/health/live"));
        await app.StopAsync();
    }
}
