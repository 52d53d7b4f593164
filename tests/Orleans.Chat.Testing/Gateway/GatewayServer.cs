using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orleans.Chat.Gateway.Hosting;
using Orleans.Chat.Testing.Clients;
using Orleans.Chat.Testing.Network;

namespace Orleans.Chat.Testing.Gateway;

/// <summary>
/// A real single-node gateway (Kestrel on a loopback port, co-hosted silo) started in process,
/// with configuration overrides per test class.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    /// <summary>A key that passes the gateway's strength checks (32+ bytes, not a placeholder), so Production starts too.</summary>
    public const string ApiKey = "fi6g+nOqjGOcVTQ2Hr32Cm7soB8+BlirfCMyBcy+JC9/";

    private readonly WebApplication _app;

    private GatewayServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri };
    }

    public Uri BaseUri { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a gateway; <paramref name="configure"/> may replace services (a fake TimeProvider) before the build.</summary>
    public static async Task<GatewayServer> StartAsync(
        IDictionary<string, string?>? settings = null,
        string environment = "Development",
        Action<WebApplicationBuilder>? configure = null)
    {
        var args = new List<string>
        {
            "--environment", environment,
            "--urls", "http://127.0.0.1:0",
            "--Orleans:SiloPort", FreePort.Next().ToString(),
            "--Orleans:GatewayPort", FreePort.Next().ToString(),
            "--Orleans:Dashboard", "false",
            "--Api:Key", ApiKey,
            // Suites connect hundreds of users a minute from one address, each with a dev token.
            "--Auth:DevTokensPerMinute", "100000",
            "--Logging:LogLevel:Default", "Warning",
            "--Logging:LogLevel:Orleans", "Error",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args.Add($"--{key}");
            args.Add(value ?? string.Empty);
        }

        var app = ChatGatewayHost.Build([.. args], configure);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new GatewayServer(app, new Uri(address));
    }

    public Uri WebSocketUri(string? token) =>
        new(new Uri(BaseUri.ToString().Replace("http", "ws", StringComparison.Ordinal)), token is null ? "/ws" : $"/ws?token={Uri.EscapeDataString(token)}");

    /// <summary>A token from POST /auth/dev-token.</summary>
    public async Task<string> DevTokenAsync(string userId, string? name = null)
    {
        var response = await Http.PostAsJsonAsync("/auth/dev-token", new { userId, name });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        return body!["token"];
    }

    /// <summary>Connects a user (a fresh unique id unless given) and waits for its connected event.</summary>
    public async Task<TestChatClient> ConnectAsync(string? userId = null, string? name = null)
    {
        userId ??= "user-" + Guid.NewGuid().ToString("N")[..8];
        var client = await TestChatClient.ConnectAsync(WebSocketUri(await DevTokenAsync(userId, name)), userId);
        await client.WaitForEventAsync("connected");
        return client;
    }

    /// <summary>Connects with a token of the test's making (?token= query, or Authorization: Bearer) and waits for connected.</summary>
    public async Task<TestChatClient> ConnectWithTokenAsync(string token, string userId, bool viaHeader = false)
    {
        var client = viaHeader
            ? await TestChatClient.ConnectAsync(WebSocketUri(null), userId, options => options.SetRequestHeader("Authorization", "Bearer " + token))
            : await TestChatClient.ConnectAsync(WebSocketUri(token), userId);
        await client.WaitForEventAsync("connected");
        return client;
    }

    /// <summary>GET /api/stats.</summary>
    public async Task<JsonElement> StatsAsync()
    {
        using var response = await Http.GetAsync("/api/stats");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A POST to the server API with a JSON body given as text; apiKey null sends no X-Api-Key header.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> ApiPostAsync(string path, string jsonBody, string? apiKey = ApiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(jsonBody, Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
