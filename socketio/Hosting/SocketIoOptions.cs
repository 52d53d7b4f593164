using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Orleans.Chat.SocketIo.EngineIo;

namespace Orleans.Chat.SocketIo.Hosting;

/// <summary>Settings of the Engine.IO and Socket.IO layers; checked once at start by <see cref="SocketIoOptionsValidator"/>.</summary>
public sealed class SocketIoOptions : IValidatableObject
{
    // Engine.IO clients put the durations in 32-bit JavaScript timers (int.MaxValue ms at most).
    private const string ShortestTimer = "00:00:00.001";
    private const string LongestTimer = "24.20:31:23.647";

    public const string Section = "SocketIo";

    /// <summary>Default request path of a Socket.IO endpoint.</summary>
    public const string DefaultPath = "/socket.io/";

    /// <summary>How often the server sends a ping packet.</summary>
    [Range(typeof(TimeSpan), ShortestTimer, LongestTimer)]
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long the client has to answer a ping with a pong.</summary>
    [Range(typeof(TimeSpan), ShortestTimer, LongestTimer)]
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Largest polling POST body or WebSocket message in bytes (Node's maxHttpBufferSize);
    /// it is also announced to clients as maxPayload.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxPayload { get; set; } = 1_000_000;

    /// <summary>A connection that joins no namespace within this time is closed (the reference server's connectTimeout, 45 s).</summary>
    [Range(typeof(TimeSpan), ShortestTimer, LongestTimer)]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Most sessions that are open but not yet accepted by the application (Socket.IO: no namespace
    /// joined yet), in total. Handshakes beyond it are refused with 429 until some connect or time out.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxPendingSessions { get; set; } = 2000;

    /// <summary>
    /// Most such pending sessions per client address (IPv6: per /64), so one client cannot take the
    /// whole <see cref="MaxPendingSessions"/> budget.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxPendingSessionsPerAddress { get; set; } = 20;

    /// <summary>A WebSocket that opened an upgrade but sent no upgrade packet within this time is dropped.</summary>
    [Range(typeof(TimeSpan), ShortestTimer, LongestTimer)]
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Transports accepted from clients.</summary>
    public EngineIoTransports Transports { get; set; } = EngineIoTransports.Polling | EngineIoTransports.WebSocket;

    /// <summary>
    /// Origins allowed to connect from a browser, e.g. "https://chat.example.com"; "*" allows any origin.
    /// Allowed origins are echoed in Access-Control-Allow-Origin with credentials allowed. When the list is
    /// not empty and has no "*", requests from other origins are refused with 403.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Optional decision, in place of <see cref="AllowedOrigins"/>, on whether a request's browser Origin (the
    /// second argument) may use the endpoint: true echoes it in the CORS headers, false refuses the request
    /// with 403 {"code":4,"message":"Forbidden"}. Requests without an Origin header never reach it.
    /// </summary>
    public Func<HttpContext, string, bool>? IsOriginAllowed { get; set; }

    /// <summary>Request path of the endpoint mapped by MapSocketIo when no path is given there.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>
    /// Most outbound messages a session may have waiting for its transport; a client that falls further
    /// behind is disconnected instead of making the server buffer without bound.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxPendingOutboundMessages { get; set; } = 1024;

    /// <summary>Most binary attachments accepted in one Socket.IO packet.</summary>
    [Range(0, int.MaxValue)]
    public int MaxAttachments { get; set; } = 10;

    /// <summary>
    /// Optional check of each new session's opening request; returning false refuses it with 403
    /// {"code":4,"message":"Forbidden"}.
    /// </summary>
    public Func<HttpContext, ValueTask<bool>>? AllowRequest { get; set; }

    /// <summary>
    /// Optional admission of each new session after the protocol's checks (e.g. connection caps and
    /// handshake rates of the application): a refusal is answered with its status code, an admitted
    /// session holds the returned lease until it closes.
    /// </summary>
    public Func<HttpContext, EngineIoAdmission>? AdmitSession { get; set; }

    /// <summary>The rules attributes cannot say: known transports, a rooted path, well-formed origins.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var known = EngineIoTransports.Polling | EngineIoTransports.WebSocket;
        if (Transports == EngineIoTransports.None || (Transports & ~known) != 0)
        {
            yield return new ValidationResult($"{Section}:{nameof(Transports)} must be Polling, WebSocket or both.");
        }

        if (string.IsNullOrEmpty(Path) || Path[0] != '/')
        {
            yield return new ValidationResult($"{Section}:{nameof(Path)} must start with '/'.");
        }

        foreach (var origin in AllowedOrigins ?? [])
        {
            if (origin != "*" && !IsOrigin(origin))
            {
                yield return new ValidationResult($"{Section}:{nameof(AllowedOrigins)} entry '{origin}' is neither '*' nor an origin like https://host[:port].");
            }
        }
    }

    private static bool IsOrigin(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.PathAndQuery == "/"
        && !value.EndsWith('/');
}

/// <summary>Rejects settings the protocol cannot work with, at start rather than at the first connection.</summary>
[OptionsValidator]
public sealed partial class SocketIoOptionsValidator : IValidateOptions<SocketIoOptions>;
