using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Files;
using Orleans.Chat.Gateway.Admission;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Fanout;
using Orleans.Chat.Gateway.Files;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;
using Orleans.Chat.Gateway.Metrics;

namespace Orleans.Chat.Gateway.Protocol.SocketIo;

/// <summary>
/// The chat on Socket.IO's "/" namespace: event name = client event type, first argument =
/// payload, ack callback = ack payload. Runs through the same session core and command
/// dispatcher as the native protocol.
/// </summary>
public sealed partial class ChatSocketIoHandler(
    ChatTokenValidator tokens,
    ClientEventRunner runner,
    SessionLifecycle lifecycle,
    ConnectionAdmission admission,
    RoomFanout rooms,
    IGrainFactory grains,
    IOptions<SocketIoChatOptions> options,
    IOptions<LimitsOptions> limits,
    IOptions<FilesOptions> files,
    ILoggerFactory loggers,
    ILogger<ChatSocketIoHandler> logger) : ISocketIoNamespaceHandler
{
    private readonly ILogger _connections = ConnectionLog.For(loggers);

    /// <summary>Events of the native protocol only; Socket.IO has its own heartbeat.</summary>
    private const string NativeOnlyPing = ClientEventNames.Ping;

    public async ValueTask<ConnectDecision> OnConnectAsync(SocketIoSocket socket, JsonElement? auth)
    {
        var handshake = socket.Handshake;
        var token = TokenFrom(auth, handshake);
        if (token is null)
        {
            return Refuse(socket, ClientErrors.AuthRequired);
        }

        var outcome = tokens.Validate(token);
        if (!outcome.Succeeded)
        {
            return Refuse(socket, ClientErrors.AuthFailed(outcome.FailureReason!));
        }

        var user = outcome.User!;
        if (admission.TryAdmitUser(user.Id) is not { } userSlot)
        {
            return Refuse(socket, ClientErrors.TooManyConnections);
        }

        // Held while the socket is in the namespace: released by OnDisconnectAsync, or by OnConnectAbandonedAsync
        // when the connection closes before the socket joined.
        var connection = new SocketIoSessionConnection(socket, userSlot);
        ConnectDecision decision;
        try
        {
            decision = await AcceptOrRecoverAsync(connection, user.Id, handshake);
        }
        catch
        {
            // The client gets a connect error, and no callback follows that would release the slot.
            connection.ReleaseUserSlot();
            throw;
        }

        connection.Session = new ChatSession(Guid.NewGuid().ToString("N"), user, connection)
        {
            Token = new SessionToken(outcome.ExpiresAt),
            Origin = SessionOrigin.Create(
                SessionOrigin.SocketIo, socket.Namespace, connection, socket.EngineSessionId, handshake, static handshake => ((SocketIoHandshake)handshake).HttpContext.Request,
                handshake.Secure, handshake.RemoteAddress, handshake.Time),
        };
        socket.Data = connection;
        return decision;
    }

    private async ValueTask<ConnectDecision> AcceptOrRecoverAsync(SocketIoSessionConnection connection, string userId, SocketIoHandshake handshake)
    {
        var recovery = options.Value.ConnectionStateRecovery;
        // A pid of another form was never issued here: no recovery, and no grain call for it.
        if (recovery && handshake.RecoveryPid is { } pid && ConnectDecision.IsWellFormedPid(pid)
            && await grains.Reference<IUserGrain>(userId).TakeRecoveryPoint(pid) is { } point)
        {
            connection.Recovered = new RecoveredRooms(WithOffset(point.RoomCursors, handshake.RecoveryOffset), point.ChangeCursors);
            GatewayMetrics.SessionRecovered();
            return ConnectDecision.Recover(point.SocketId, pid);
        }

        return recovery ? ConnectDecision.AcceptWithRecovery() : ConnectDecision.Accept();
    }

    public ValueTask OnConnectAbandonedAsync(SocketIoSocket socket)
    {
        ConnectionOf(socket).ReleaseUserSlot();
        return ValueTask.CompletedTask;
    }

    public async ValueTask OnConnectedAsync(SocketIoSocket socket)
    {
        var connection = ConnectionOf(socket);
        var session = connection.Session;
        try
        {
            await lifecycle.OpenAsync(session, connection.TakeRecovered());
        }
        catch (Exception ex)
        {
            LogOpenFailed(logger, ex, session.Id);
            session.Enqueue(ErrorEvent(ClientErrors.Unavailable));
            session.CompleteOutbound();
            await socket.DisconnectAsync(closeConnection: true);
        }
    }

    public ValueTask OnEventAsync(SocketIoSocket socket, SocketIoEvent evt)
    {
        var session = SessionOf(socket);
        var clientEvent = new SocketIoClientEvent(evt);
        if (evt.Size > MaxEventBytes(session, evt.Name))
        {
            return RefuseTooLargeAsync(socket, session, clientEvent);
        }

        return evt.Name == NativeOnlyPing
            ? runner.RefuseAsync(session, clientEvent, ClientErrors.UnknownEvent)
            : runner.RunAsync(session, clientEvent);
    }

    /// <summary>
    /// Engine.IO's MaxPayload lets upload-chunk frames through (see GatewayServiceCollectionExtensions); every
    /// other event, and a chunk of a session with no upload open, stays under Limits:MaxFrameBytes as on /ws.
    /// </summary>
    private int MaxEventBytes(ChatSession session, string eventName)
    {
        var ordinary = limits.Value.MaxFrameBytes;
        return eventName == ClientEventNames.UploadChunk && session.Uploads?.Any == true
            ? Math.Max(ordinary, ChunkFrames.MaxBytes(files.Value))
            : ordinary;
    }

    /// <summary>Like the native protocol's 1009 close: payload_too_large, then the socket leaves the namespace.</summary>
    private async ValueTask RefuseTooLargeAsync(SocketIoSocket socket, ChatSession session, SocketIoClientEvent clientEvent)
    {
        await runner.RefuseAsync(session, clientEvent, ClientErrors.PayloadTooLarge);
        await socket.DisconnectAsync();
    }

    public async ValueTask OnDisconnectAsync(SocketIoSocket socket, string reason)
    {
        if (socket.Data is not SocketIoSessionConnection connection)
        {
            return;
        }

        // The socket left the namespace: another connection of the user may take its slot now.
        connection.ReleaseUserSlot();
        var session = connection.Session;
        try
        {
            // A client that disconnects on purpose does not come back to recover (as in Socket.IO).
            if (options.Value.ConnectionStateRecovery && socket.Pid is { } pid && reason != SocketIoDisconnectReason.ClientNamespaceDisconnect)
            {
                // Where this session stood, so a reconnect to any gateway resumes there.
                var (cursors, changeCursors) = await rooms.RecoveryCursorsOfAsync(session);
                var point = new SessionRecoveryPoint { SocketId = socket.Id, RoomCursors = cursors, ChangeCursors = changeCursors };
                await grains.Reference<IUserGrain>(session.User.Id).SaveRecoveryPoint(pid, point, options.Value.MaxDisconnectionDuration);
            }
        }
        catch (Exception ex)
        {
            LogRecoverySaveFailed(logger, ex, session.Id);
        }
        finally
        {
            await lifecycle.CloseAsync(session, reason);
            session.CompleteOutbound();
            GatewayMetrics.SocketIoDisconnected(reason);
        }
    }

    /// <summary>The token from the CONNECT auth payload {token}, else ?token= or Authorization: Bearer.</summary>
    private static string? TokenFrom(JsonElement? auth, SocketIoHandshake handshake)
    {
        if (auth is { ValueKind: JsonValueKind.Object } payload && payload.TryGetProperty("token", out var token)
            && PayloadReader.TryReadText(token, out var value) && value.Length > 0)
        {
            return value;
        }

        return TokenSource.From(handshake.GetQueryValue("token"), handshake.GetHeader("Authorization"));
    }

    /// <summary>
    /// The offset is the last message the client really received, so it wins for its room: the
    /// saved cursor counts what was queued for the old connection, some of which a dying
    /// transport may never have delivered.
    /// </summary>
    private static Dictionary<string, long> WithOffset(IReadOnlyDictionary<string, long> cursors, string? offset)
    {
        var result = new Dictionary<string, long>(cursors, StringComparer.Ordinal);
        if (RecoveryOffsets.TryParse(offset, out var roomId, out var seq) && result.ContainsKey(roomId))
        {
            result[roomId] = seq;
        }

        return result;
    }

    /// <summary>Refuses the CONNECT; the log line has the error's code and message, which never hold the token.</summary>
    private ConnectDecision Refuse(SocketIoSocket socket, ErrorPayload error)
    {
        ConnectionLog.Refused(_connections, socket.Handshake.RemoteAddress, SessionOrigin.SocketIo, socket.TransportName, $"{error.Code}: {error.Error}");
        return Reject(error);
    }

    private static ConnectDecision Reject(ErrorPayload error) =>
        ConnectDecision.Reject(error.Error, JsonSerializer.SerializeToElement(new ConnectErrorData(error.Code), ChatJsonContext.Default.ConnectErrorData));

    internal static OutboundEvent ErrorEvent(ErrorPayload error) =>
        new(ServerEventNames.Error, error, ChatJsonContext.Default.ErrorPayload);

    private static SocketIoSessionConnection ConnectionOf(SocketIoSocket socket) => (SocketIoSessionConnection)socket.Data!;

    private static ChatSession SessionOf(SocketIoSocket socket) => ConnectionOf(socket).Session;

    [LoggerMessage(EventId = 5701, Level = LogLevel.Error, Message = "Opening Socket.IO session {SessionId} failed")]
    private static partial void LogOpenFailed(ILogger logger, Exception ex, string sessionId);

    [LoggerMessage(EventId = 5702, Level = LogLevel.Warning, Message = "Saving the recovery point of session {SessionId} failed")]
    private static partial void LogRecoverySaveFailed(ILogger logger, Exception ex, string sessionId);
}
