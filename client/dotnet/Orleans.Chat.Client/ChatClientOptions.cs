using System.Net.WebSockets;

namespace Orleans.Chat.Client;

/// <summary>Settings of a <see cref="ChatClient"/>.</summary>
public sealed record ChatClientOptions
{
    /// <summary>The gateway's native endpoint, <c>ws://host/ws</c> or <c>wss://host/ws</c>.</summary>
    public required Uri ServerUri { get; init; }

    /// <summary>
    /// Returns a fresh JWT for the user; called before every connection attempt, and when the server warns that the
    /// connection's token is expiring (the new one is sent as refresh-token, keeping the connection).
    /// </summary>
    public required Func<CancellationToken, ValueTask<string>> TokenProvider { get; init; }

    /// <summary>Backoff after a dropped connection.</summary>
    public ReconnectOptions Reconnect { get; init; } = new();

    /// <summary>How long a request written to a live connection waits for its ack. Waiting for a reconnect does not count. Default 15 s.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Sends the token as the <c>?token=</c> query parameter instead of an <c>Authorization: Bearer</c> header;
    /// for platforms that cannot set WebSocket request headers (browsers, Blazor WebAssembly).
    /// </summary>
    public bool SendTokenInQuery { get; init; }

    /// <summary>Adjusts each new socket's options (proxy, certificates, keep-alive) before it connects.</summary>
    public Action<ClientWebSocketOptions>? ConfigureWebSocket { get; init; }

    /// <summary>Called with any exception an event handler throws; by default such exceptions are ignored.</summary>
    public Action<Exception>? HandlerExceptionCallback { get; init; }

    /// <summary>Chunks of <see cref="ChatClient.UploadFileAsync"/> in flight at once. Default 3.</summary>
    public int UploadConcurrency { get; init; } = 3;

    /// <summary>For downloads and <c>/api/ice-servers</c>; by default one shared client of the process.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>The clock for backoff delays and ack timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
