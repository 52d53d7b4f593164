using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Admission;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.SocketIo.WebSockets;

namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>
/// GET /ws: authenticates before the upgrade, then reads JSON text frames, runs each
/// client event through the dispatcher in order, and writes acks and error events.
/// </summary>
public sealed partial class NativeWebSocketEndpoint(
    ChatCommandDispatcher dispatcher,
    SessionLifecycle lifecycle,
    ConnectionAdmission admission,
    IOptions<LimitsOptions> limits,
    IOptions<ConnectionOptions> connection,
    IHostApplicationLifetime lifetime,
    ILogger<NativeWebSocketEndpoint> logger)
{
    private static readonly TimeSpan CloseTimeout = NativeWebSocketConnection.CloseTimeout;

    public async Task HandleAsync(HttpContext context)
    {
        if (await ChatAuthentication.AuthenticateAsync(context) is not { } auth)
        {
            await WriteHttpErrorAsync(context, StatusCodes.Status401Unauthorized, ClientErrors.AuthRequired);
            return;
        }

        if (!auth.Succeeded)
        {
            await WriteHttpErrorAsync(context, StatusCodes.Status401Unauthorized, ClientErrors.AuthFailed(auth.FailureReason!));
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await WriteHttpErrorAsync(context, StatusCodes.Status400BadRequest, new ErrorPayload("WebSocket upgrade required", "invalid_format"));
            return;
        }

        // Caps after authentication: refused tokens cost no connect budget, and the user is known.
        using var addressSlot = admission.TryAdmitAddress(context.Connection.RemoteIpAddress);
        using var userSlot = addressSlot is null ? null : admission.TryAdmitUser(auth.User!.Id);
        if (userSlot is null)
        {
            await WriteHttpErrorAsync(context, StatusCodes.Status429TooManyRequests, ClientErrors.TooManyConnections);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = connection.Value.KeepAliveInterval,
            KeepAliveTimeout = connection.Value.KeepAliveTimeout,
        });

        var outbound = new NativeWebSocketConnection(socket, WebSocketFrameWriter.Create(context, socket), limits.Value.OutboundQueueFrames);
        await RunSessionAsync(socket, outbound, new ChatSession(Guid.NewGuid().ToString("N"), auth.User!, outbound) { Token = new SessionToken(auth.ExpiresAt) });
    }

    private async Task RunSessionAsync(WebSocket socket, NativeWebSocketConnection outbound, ChatSession session)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping, outbound.CloseHandshakeExpired);
        var writer = outbound.RunWriterAsync(stop.Token);
        var closeStatus = WebSocketCloseStatus.NormalClosure;
        var closeReason = string.Empty;
        try
        {
            await lifecycle.OpenAsync(session);
            (closeStatus, closeReason) = await ReceiveLoopAsync(socket, session, stop.Token);
            await session.Commands.DrainAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            closeStatus = WebSocketCloseStatus.EndpointUnavailable;
        }
        catch (Exception ex)
        {
            LogSessionFailed(logger, ex, session.Id);
            session.EnqueueEncoded(NativeEventEncoder.Instance.EncodeEvent(ServerEventNames.Error, ClientErrors.Unavailable, ChatJsonContext.Default.ErrorPayload));
            (closeStatus, closeReason) = (WebSocketCloseStatus.InternalServerError, "unavailable");
        }
        finally
        {
            await lifecycle.CloseAsync(session);
        }

        // Let queued frames (such as the 1009 error event) reach the client before the close frame.
        session.CompleteOutbound();
        await Task.WhenAny(writer, Task.Delay(CloseTimeout));
        await CloseQuietlyAsync(socket, closeStatus, closeReason);
        await stop.CancelAsync();
    }

    private async Task<(WebSocketCloseStatus Status, string Reason)> ReceiveLoopAsync(WebSocket socket, ChatSession session, CancellationToken cancellationToken)
    {
        var maxFrame = limits.Value.MaxFrameBytes;
        while (!session.IsClosed)
        {
            // Waits for the next message with an empty buffer, so an idle connection holds none.
            var result = await socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
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

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
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
                    SendError(session, ClientErrors.InvalidFormat);
                    continue;
                }

                await HandleFrameAsync(session, buffer.AsMemory(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return (WebSocketCloseStatus.PolicyViolation, "closed by server");
    }

    private async Task HandleFrameAsync(ChatSession session, ReadOnlyMemory<byte> utf8)
    {
        var frame = NativeClientFrame.TryParse(utf8, out var id);
        if (frame is null)
        {
            // Malformed: answer, keep the connection.
            Reply(session, id, CommandReply.Fail(ClientErrors.InvalidFormat));
            return;
        }

        await session.Commands.RunAsync(ChatCommandDispatcher.CanOverlap(frame.Type), () => RunCommandAsync(session, frame));
    }

    private async Task RunCommandAsync(ChatSession session, NativeClientFrame frame)
    {
        // An overlapping command outlives the frame's buffer: the id is copied out of it first.
        var id = frame.Id?.Clone();
        CommandReply reply;
        using (frame)
        {
            reply = await dispatcher.DispatchAsync(session, frame.Type, frame.Data);
        }

        Reply(session, id, reply);
        if (reply.AfterReply is { } after)
        {
            await after();
        }
    }

    /// <summary>An ack when the client sent an id; otherwise an error event for failures only.</summary>
    private static void Reply(ChatSession session, JsonElement? id, CommandReply reply)
    {
        if (id is { } requestId)
        {
            session.EnqueueEncoded(NativeEventEncoder.Instance.EncodeAck(requestId, reply.Payload, reply.PayloadType));
        }
        else if (reply.Error is { } error)
        {
            SendError(session, error);
        }
    }

    private static void SendError(ChatSession session, ErrorPayload error) =>
        session.EnqueueEncoded(NativeEventEncoder.Instance.EncodeEvent(ServerEventNames.Error, error, ChatJsonContext.Default.ErrorPayload));

    private static (WebSocketCloseStatus, string) TooLarge(ChatSession session)
    {
        SendError(session, ClientErrors.PayloadTooLarge);
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

    private static Task WriteHttpErrorAsync(HttpContext context, int status, ErrorPayload error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(error, ChatJsonContext.Default.ErrorPayload);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId} failed")]
    private static partial void LogSessionFailed(ILogger logger, Exception ex, string sessionId);
}
