using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Chat.ConformanceHost;
using Orleans.Chat.SocketIo.Hosting;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

/// <summary>An application's own origin decision (SocketIoOptions.IsOriginAllowed) in place of the allowed list.</summary>
public sealed class OriginDecisionTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private EngineIoTestClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSocketIo(options =>
        {
            // The decision wins over the list.
            options.AllowedOrigins = ["https://listed.example"];
            options.IsOriginAllowed = (context, origin) => origin.EndsWith(".trusted.example", StringComparison.Ordinal) && context.Request.Path.HasValue;
        });
        _app = builder.Build();
        _app.UseWebSockets();
        _app.MapSocketIo();
        await _app.StartAsync();
        _client = new EngineIoTestClient(ConformanceServer.GetBaseAddress(_app), SocketIoOptions.DefaultPath);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_origin_the_application_allows_is_echoed_with_credentials()
    {
        using var response = await HandshakeAsync("https://app.trusted.example");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://app.trusted.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    [Theory]
    [InlineData("https://listed.example")]
    [InlineData("https://evil.example")]
    public async Task An_origin_the_application_refuses_is_forbidden(string origin)
    {
        using var response = await HandshakeAsync(origin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("""{"code":4,"message":"Forbidden"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_request_without_origin_is_not_asked_about()
    {
        using var response = await _client.Http.GetAsync(_client.Url("EIO=4&transport=polling"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<HttpResponseMessage> HandshakeAsync(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _client.Url("EIO=4&transport=polling"));
        request.Headers.Add("Origin", origin);
        return await _client.Http.SendAsync(request);
    }
}
