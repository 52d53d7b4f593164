using System.Net;
using System.Text;
using System.Text.Json;

namespace Orleans.Chat.SocketIo.Tests.Infrastructure;

/// <summary>Raw Engine.IO over HTTP long-polling and WebSocket, as the official test suites speak it.</summary>
public sealed class EngineIoTestClient(Uri baseAddress, string path) : IDisposable
{
    // Each client gets its own connections, so a deliberately broken session never stalls another test.
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(10),
    };

    public HttpClient Http => _http;

    public string Url(string query) => $"{path}?{query}";

    public string SessionUrl(string sid) => Url($"EIO=4&transport=polling&sid={sid}");

    /// <summary>Opens a polling session; returns its sid.</summary>
    public async Task<string> OpenPollingAsync()
    {
        var content = await _http.GetStringAsync(Url("EIO=4&transport=polling"));
        Assert.StartsWith("0", content, StringComparison.Ordinal);
        using var handshake = JsonDocument.Parse(content[1..]);
        return handshake.RootElement.GetProperty("sid").GetString()!;
    }

    public Task<HttpResponseMessage> PollAsync(string sid, CancellationToken cancellationToken = default) =>
        _http.GetAsync(SessionUrl(sid), cancellationToken);

    public async Task<string> PollTextAsync(string sid)
    {
        using var response = await PollAsync(sid);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public Task<HttpResponseMessage> PostAsync(string sid, string body) =>
        _http.PostAsync(SessionUrl(sid), new StringContent(body, Encoding.UTF8, "text/plain"));

    public async Task PostOkAsync(string sid, string body)
    {
        using var response = await PostAsync(sid, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Connects a WebSocket with the given query (sid for an upgrade).</summary>
    public async Task<WebSocketTestClient> ConnectWebSocketAsync(string? sid = null)
    {
        var scheme = _http.BaseAddress!.Scheme == "https" ? "wss" : "ws";
        var query = sid is null ? "EIO=4&transport=websocket" : $"EIO=4&transport=websocket&sid={sid}";
        var uri = new Uri($"{scheme}://{_http.BaseAddress.Authority}{Url(query)}");
        return await WebSocketTestClient.ConnectAsync(uri);
    }

    public Uri WebSocketUri(string query) =>
        new($"ws://{_http.BaseAddress!.Authority}{Url(query)}");

    public void Dispose() => _http.Dispose();
}
