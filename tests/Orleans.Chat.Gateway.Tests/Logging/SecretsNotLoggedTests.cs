using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Hosting;

namespace Orleans.Chat.Gateway.Tests.Logging;

/// <summary>
/// A gateway logging every category at Trace (framework included) is put through everything that carries a
/// secret: tokens in ?token= on /ws, Socket.IO (polling and WebSocket) and /files, in the Socket.IO auth payload
/// and Authorization: Bearer, refused tokens, right and wrong API keys, the dev-token endpoint, the dashboard's
/// basic auth, the TURN credentials. No captured line may contain any of the secrets.
/// </summary>
public sealed class SecretsNotLoggedTests
{
    private static readonly string SigningKey = Secret();
    private static readonly string OtherKey = Secret();
    private static readonly string TurnSecret = Secret();
    private static readonly string DashboardPassword = Secret();
    private static readonly string WrongApiKey = Secret();

    [Fact]
    public async Task No_token_key_or_password_reaches_any_log_line()
    {
        var capture = new LogCapture();
        var settings = new Dictionary<string, string?>(LoopbackCaps.Lifted)
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Calls:TurnUrls:0"] = "turn:127.0.0.1:3478",
            ["Calls:TurnSecret"] = TurnSecret,
            ["Orleans:Dashboard"] = "true",
            ["Orleans:DashboardUsername"] = "operator",
            ["Orleans:DashboardPassword"] = DashboardPassword,
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            // appsettings.json names these two: the more specific rule would win over Default.
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Polly"] = "Trace",
            [$"Logging:LogLevel:{ConnectionLog.Category}"] = "Trace",
            ["Logging:LogLevel:Orleans"] = "Trace",
        };
        var secrets = new List<string> { SigningKey, OtherKey, TurnSecret, DashboardPassword, WrongApiKey, GatewayServer.ApiKey };
        await using (var server = await GatewayServer.StartAsync(settings, configure: builder => builder.Logging.AddProvider(capture)))
        {
            var user = TestIds.User();
            var devToken = await server.DevTokenAsync(user);
            var minted = TestTokens.Create(SigningKey, user);
            var expired = TestTokens.Create(SigningKey, user, expires: DateTime.UtcNow.AddHours(-1));
            var forged = TestTokens.Create(OtherKey, user);
            secrets.AddRange(TokenSecrets(devToken, minted, expired, forged));

            await using (var native = await server.ConnectWithTokenAsync(devToken, user))
            await using (var bearer = await server.ConnectWithTokenAsync(minted, user, viaHeader: true))
            await using (var polling = await RawSocketIoClient.ConnectPollingAsync(server.BaseUri, minted))
            await using (var websocket = await RawSocketIoClient.ConnectWebSocketAsync(server.BaseUri, devToken))
            {
                await SocketIoPollingWithQueryTokenAsync(server, minted);
                await SocketIoWebSocketWithQueryTokenAsync(server, devToken);
            }

            foreach (var refused in new[] { expired, forged, "not-a-jwt-" + Secret() })
            {
                secrets.Add(refused);
                await AssertRefusedOnWsAsync(server, refused);
                await AssertSocketIoAuthRefusedAsync(server, refused);
            }

            await CallApisAsync(server, devToken, forged);
            // The close lines too: every session has ended before the capture is read.
            var registry = server.Services.GetRequiredService<SessionRegistry>();
            await Eventually.TrueAsync(() => Task.FromResult(!registry.Sessions.Any()), what: "every session closed");
        }

        var logs = capture.Logs.ToList();
        // The capture saw the framework at Trace: the request lines (redacted) and the connection log.
        var requestLines = logs.Where(log => log.Category == RequestLineRedaction.HostingDiagnosticsCategory).Select(log => log.FullText).ToList();
        Assert.True(requestLines.Any(line => line.Contains("/ws?token=***", StringComparison.Ordinal)), string.Join('\n', requestLines.Take(20)));
        Assert.Contains(requestLines, line => line.Contains("/socket.io/?EIO=4&transport=polling&token=***", StringComparison.Ordinal));
        // The API key scheme's failure lines (client tokens are checked by the endpoints, outside ASP.NET Core authentication).
        Assert.Contains(logs, log => log.Category == typeof(ApiKeyAuthenticationHandler).FullName && log.Level == LogLevel.Information);
        Assert.Contains(logs, log => log.Category.StartsWith("Orleans.", StringComparison.Ordinal) && log.Level <= LogLevel.Debug);
        Assert.Contains(logs, log => log.EventId == ConnectionLog.ClosedEventId);
        Assert.Contains(logs, log => log.EventId == ConnectionLog.RefusedEventId);

        var leaks = logs.SelectMany(log => secrets.Where(secret => log.FullText.Contains(secret, StringComparison.Ordinal)).Select(_ => log.FullText)).ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} log lines hold a secret, e.g.: {leaks.FirstOrDefault()}");
    }

    /// <summary>A JWT's claims and signature parts (the header is the same for every token), and the whole.</summary>
    private static IEnumerable<string> TokenSecrets(params string[] tokens) =>
        tokens.SelectMany(token => token.Split('.').Skip(1).Append(token)).Where(part => part.Length >= 16);

    private static string Secret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(33));

    private static async Task SocketIoPollingWithQueryTokenAsync(GatewayServer server, string token)
    {
        var query = "/socket.io/?EIO=4&transport=polling&token=" + Uri.EscapeDataString(token);
        var open = await server.Http.GetStringAsync(query);
        var sid = JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;
        using var connect = await server.Http.PostAsync($"{query}&sid={sid}", new StringContent("40"));
        Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
        var answer = await server.Http.GetStringAsync($"{query}&sid={sid}");
        Assert.Contains("40{", answer, StringComparison.Ordinal);
        using var close = await server.Http.PostAsync($"{query}&sid={sid}", new StringContent("1"));
    }

    private static async Task SocketIoWebSocketWithQueryTokenAsync(GatewayServer server, string token)
    {
        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(server.BaseUri) { Scheme = "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket&token=" + Uri.EscapeDataString(token) }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        Assert.StartsWith("0{", await ReceiveTextAsync(socket), StringComparison.Ordinal);
        await socket.SendAsync("40"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.StartsWith("40{", await ReceiveTextAsync(socket), StringComparison.Ordinal);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    private static async Task AssertRefusedOnWsAsync(GatewayServer server, string token)
    {
        using var socket = new ClientWebSocket();
        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(server.WebSocketUri(token), CancellationToken.None));
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A CONNECT with the token in the auth payload, refused with connect_error.</summary>
    private static async Task AssertSocketIoAuthRefusedAsync(GatewayServer server, string token)
    {
        var open = await server.Http.GetStringAsync("/socket.io/?EIO=4&transport=polling");
        var sid = JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;
        var path = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        using var connect = await server.Http.PostAsync(path, new StringContent("40" + JsonSerializer.Serialize(new { token })));
        Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
        Assert.StartsWith("44", await server.Http.GetStringAsync(path), StringComparison.Ordinal);
        using var close = await server.Http.PostAsync(path, new StringContent("1"));
    }

    private static async Task CallApisAsync(GatewayServer server, string token, string forged)
    {
        var (ok, _) = await server.ApiPostAsync("/api/broadcast", "{}");
        Assert.NotEqual(HttpStatusCode.Unauthorized, ok);
        var (wrong, _) = await server.ApiPostAsync("/api/broadcast", "{}", WrongApiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);

        Assert.Equal(HttpStatusCode.OK, await GetAsync(server, "/api/ice-servers", new AuthenticationHeaderValue("Bearer", token)));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(server, "/api/ice-servers", new AuthenticationHeaderValue("Bearer", forged)));

        var fileId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(server, $"/files/{fileId}?token={Uri.EscapeDataString(token)}", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(server, $"/files/{fileId}?token={Uri.EscapeDataString(forged)}", null));

        Assert.Equal(HttpStatusCode.OK, await GetAsync(server, "/dashboard/", Basic("operator", DashboardPassword)));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(server, "/dashboard/", Basic("operator", WrongApiKey)));
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static async Task<HttpStatusCode> GetAsync(GatewayServer server, string path, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        using var response = await server.Http.SendAsync(request);
        return response.StatusCode;
    }
}
