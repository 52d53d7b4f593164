using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using Orleans.Chat.Files;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Files;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.SocketIo.WebSockets;
using Orleans.Chat.Gateway.Metrics;

namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>
/// Carries the native protocol over a WebSocket: accepts the upgrade, runs the outbound writer,
/// reads whole text messages into pooled buffers (at most Limits:MaxFrameBytes; upload-chunk frames of a
/// session with an open upload up to <see cref="ChunkFrames.MaxBytes"/>) for
/// <see cref="NativeProtocolHandler"/>, and closes the socket once the session has ended. Its pings come
/// from <see cref="NativeKeepAlive"/>.
/// </summary>
public sealed partial class NativeWebSocketTransport(
    NativeProtocolHandler protocol,
    SessionLifecycle lifecycle,
    NativeKeepAlive keepAlive,
    IOptions<LimitsOptions> limits,
    IOptions<ConnectionOptions> connection,
    IOptions<FilesOptions> files,
    SessionRegistry sessions,
    IHostApplicationLifetime lifetime,
    ILogger<NativeWebSocketTransport> logger)
{
    /// <summary>
    /// One registration for the gateway, none per connection: stopping aborts every native session
    /// (a session that opens after it sees the stop before its receive loop).
    /// </summary>
    private readonly CancellationTokenRegistration _stopping = lifetime.ApplicationStopping.UnsafeRegister(
        static state => AbortNativeSessions((SessionRegistry)state!), sessions);

    private static readonly TimeSpan CloseTimeout = NativeWebSocketConnection.CloseTimeout;

    /// <summary>How operator views (the Socket.IO Admin UI) group native sessions: the endpoint's path.</summary>
    public const string NativeNamespace = "/ws";

    /// <summary>Accepts the upgrade and runs the user's session until either side ends it; then frees the admission slots.</summary>
    public async Task RunAsync(HttpContext context, ChatUser user, DateTimeOffset? tokenExpiresAt, IDisposable addressSlot, IDisposable userSlot)
    {
        using var heldAddress = addressSlot;
        using var heldUser = userSlot;
        // Over HTTP/1.1 the gateway-wide NativeKeepAlive pings; otherwise (HTTP/2) the WebSocket's own timer does.
        var ownKeepAlive = !WebSocketLiveness.IsAvailable(context);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = ownKeepAlive ? connection.Value.KeepAliveInterval : TimeSpan.Zero,
            KeepAliveTimeout = ownKeepAlive ? connection.Value.KeepAliveTimeout : Timeout.InfiniteTimeSpan,
        });
        using var watch = WebSocketLiveness.Of(context) is { } liveness ? keepAlive.Watch(liveness, socket) : null;

        var outbound = new NativeWebSocketConnection(socket, WebSocketFrameWriter.Create(context, socket), limits.Value.OutboundQueueFrames);
        var id = Guid.NewGuid().ToString("N");
        var session = new ChatSession(id, user, outbound)
        {
            Token = new SessionToken(tokenExpiresAt),
            Origin = SessionOrigin.Create(SessionOrigin.Native, NativeNamespace, id, context.Request, DateTimeOffset.UtcNow),
        };
        // One method from the upgrade to the close: each awaiting level would keep its own frame for the connection's life.
        var writer = outbound.RunWriterAsync();
        var closeStatus = WebSocketCloseStatus.NormalClosure;
        var closeReason = string.Empty;
        var ended = "unavailable";
        try
        {
            await lifecycle.OpenAsync(session);
            lifetime.ApplicationStopping.ThrowIfCancellationRequested();
            (closeStatus, closeReason) = await ReceiveLoopAsync(socket, session);
            ended = closeReason.Length > 0 ? closeReason : "client closed";
            await session.Commands.DrainAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            closeStatus = WebSocketCloseStatus.EndpointUnavailable;
            ended = lifetime.ApplicationStopping.IsCancellationRequested ? "server stopping" : "connection lost";
        }
        catch (Exception ex)
        {
            LogSessionFailed(logger, ex, session.Id);
            NativeProtocolHandler.SendError(session, ClientErrors.Unavailable);
            (closeStatus, closeReason) = (WebSocketCloseStatus.InternalServerError, "unavailable");
        }
        finally
        {
            await lifecycle.CloseAsync(session, ended);
            GatewayMetrics.Disconnected(ConnectionTags.Native, DisconnectReasons.Native(closeStatus, session.DroppedAsSlow));
        }

        // Let queued frames (such as the 1009 error event) reach the client before the close frame.
        session.CompleteOutbound();
        // WaitAsync drops its timer when the writer ends first; a Task.Delay would linger CloseTimeout per close.
        await writer.WaitAsync(CloseTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await CloseQuietlyAsync(socket, closeStatus, closeReason);
        await AwaitPeerCloseAsync(socket);
        await AbortedCloseHandshake.DrainAsync(context, socket, CloseTimeout);
    }

    private static void AbortNativeSessions(SessionRegistry sessions)
    {
        foreach (var session in sessions.Live)
        {
            if (session.Connection is NativeWebSocketConnection)
            {
                session.Abort("server stopping");
            }
        }
    }

    /// <summary>
    /// After the server's close frame, waits briefly for the client's: ending the request at once can reset
    /// the TCP connection, and a reset can discard the close frame before the client has read it.
    /// </summary>
    private static async Task AwaitPeerCloseAsync(WebSocket socket)
    {
        if (socket.State != WebSocketState.CloseSent)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            var scratch = new byte[256];
            while (socket.State == WebSocketState.CloseSent
                && (await socket.ReceiveAsync(scratch, timeout.Token)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already, or never answered.
        }
    }

    /// <summary>
    /// Reads until the client closes or the session ends. No cancellation token: the server ends a
    /// receive by aborting the socket (stopping, an unanswered close), and a token would cost every idle
    /// connection a registration.
    /// </summary>
    private async Task<(WebSocketCloseStatus Status, string Reason)> ReceiveLoopAsync(WebSocket socket, ChatSession session)
    {
        var ordinaryMax = limits.Value.MaxFrameBytes;
        var chunkMax = ChunkFrames.MaxBytes(files.Value);
        while (!session.IsClosed)
        {
            // Frames up to the chunk frame cap only once the session has an upload open: a stranger
            // without one cannot make this connection hold more than Limits:MaxFrameBytes.
            var maxFrame = session.Uploads?.Any == true ? Math.Max(ordinaryMax, chunkMax) : ordinaryMax;
            // Waits for the next message with an empty buffer, so an idle connection holds none.
            var result = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketCloseStatus.NormalClosure, string.Empty);
            }

            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxFrame + 1, 16 * 1024));
            try
            {
                var length = 0;
                while (!result.EndOfMessage)
                {
                    if (length == buffer.Length)
                    {
                        if (length > maxFrame)
                        {
                            return TooLarge(session);
                        }

                        buffer = Grow(buffer, Math.Min(buffer.Length * 2, maxFrame + 1));
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return (WebSocketCloseStatus.NormalClosure, string.Empty);
                    }

                    length += result.Count;
                    if (length > maxFrame)
                    {
                        return TooLarge(session);
                    }
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    NativeProtocolHandler.SendError(session, ClientErrors.InvalidFormat);
                    continue;
                }

                if (length > ordinaryMax && !ChunkFrames.IsUploadChunk(buffer.AsSpan(0, length)))
                {
                    return TooLarge(session);
                }

                await protocol.HandleMessageAsync(session, buffer.AsMemory(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return (WebSocketCloseStatus.PolicyViolation, "closed by server");
    }

    private static (WebSocketCloseStatus, string) TooLarge(ChatSession session)
    {
        NativeProtocolHandler.SendError(session, ClientErrors.PayloadTooLarge);
        return (WebSocketCloseStatus.MessageTooBig, ClientErrors.PayloadTooLarge.Error);
    }

    private static byte[] Grow(byte[] buffer, int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan().CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await socket.CloseOutputAsync(status, reason, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already.
        }
    }

    [LoggerMessage(EventId = 5700, Level = LogLevel.Error, Message = "Session {SessionId} failed")]
    private static partial void LogSessionFailed(ILogger logger, Exception ex, string sessionId);
}
