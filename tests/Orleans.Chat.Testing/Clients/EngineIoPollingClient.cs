using System.Net;
using System.Text;
using System.Text.Json;

namespace Orleans.Chat.Testing.Clients;

/// <summary>
/// A bare Engine.IO polling client over HttpClient, for what a Socket.IO library hides: handshake
/// refusals, raw POST bodies, a CONNECT with chosen auth. One request at a time.
/// </summary>
public sealed class EngineIoPollingClient
{
    private readonly HttpClient _http;

    private EngineIoPollingClient(HttpClient http, string sid)
    {
        _http = http;
        Sid = sid;
    }

    public string Sid { get; }

    public HttpClient Http => _http;

    /// <summary>The session's polling URL (path and query).</summary>
    public string Path => SessionPath;

    private string SessionPath => $"/socket.io/?EIO=4&transport=polling&sid={Uri.EscapeDataString(Sid)}";

    /// <summary>GET handshake; the status and body, and the client when it was accepted.</summary>
    public static async Task<(HttpStatusCode Status, string Body, EngineIoPollingClient? Client)> HandshakeAsync(
        HttpClient http, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling");
        configure?.Invoke(request);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, body, null);
        }

        using var open = JsonDocument.Parse(body[1..]);
        return (response.StatusCode, body, new EngineIoPollingClient(http, open.RootElement.GetProperty("sid").GetString()!));
    }

    /// <summary>Handshake that must succeed.</summary>
    public static async Task<EngineIoPollingClient> OpenAsync(HttpClient http)
    {
        var (status, body, client) = await HandshakeAsync(http);
        return client ?? throw new InvalidOperationException($"handshake refused: {(int)status} {body}");
    }

    /// <summary>Sends the namespace CONNECT with <c>{token, ...extra}</c> and returns the server's answer packet (40... or 44...).</summary>
    public async Task<string> ConnectAsync(string? token, IDictionary<string, object?>? extraAuth = null)
    {
        var auth = new Dictionary<string, object?>(extraAuth ?? new Dictionary<string, object?>());
        if (token is not null)
        {
            auth["token"] = token;
        }

        var status = await PostAsync(Encoding.UTF8.GetBytes("40" + JsonSerializer.Serialize(auth)));
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"CONNECT post answered {(int)status}");
        }

        return (await PollAsync()).First(packet => packet.StartsWith("40", StringComparison.Ordinal) || packet.StartsWith("44", StringComparison.Ordinal));
    }

    public async Task<HttpStatusCode> PostAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
        using var response = await _http.PostAsync(SessionPath, content);
        return response.StatusCode;
    }

    /// <summary>One GET poll: the packets it carried (empty list when the session is gone).</summary>
    public async Task<IReadOnlyList<string>> PollAsync()
    {
        using var response = await _http.GetAsync(SessionPath);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [];
        }

        return (await response.Content.ReadAsStringAsync()).Split('\u001e');
    }

    /// <summary>Sends the Engine.IO close packet.</summary>
    public Task<HttpStatusCode> CloseAsync() => PostAsync("1"u8.ToArray());
}
