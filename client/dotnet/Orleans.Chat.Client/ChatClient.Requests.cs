using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Chat.Client.Internal;
using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client;

// Typed requests. Each waits for its ack; an error ack throws ChatException with the server's code.
public sealed partial class ChatClient
{
    /// <summary>
    /// Joins a room (creating a public room on first join). Returns the room, its members and its recent
    /// messages (with <paramref name="sinceSeq"/>: every retained message after it, and in <see cref="JoinRoomAck.Changes"/>
    /// the messages at or below it changed after <paramref name="sinceChangeSeq"/>). Live messages follow as
    /// <see cref="NewMessage"/> with seq above <see cref="JoinRoomAck.LastSeq"/>.
    /// </summary>
    public async Task<JoinRoomAck> JoinRoomAsync(string roomId, long? sinceSeq = null, long? sinceChangeSeq = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        var ack = await RequestAsync(EventNames.JoinRoom, new JoinRoomPayload(roomId, sinceSeq, sinceSeq is null ? null : sinceChangeSeq), ClientJsonContext.Default.JoinRoomPayload,
            ClientJsonContext.Default.JoinRoomAck, resend: true, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _rooms.Joined(roomId, ack.LastSeq);
            _roomChanges.Known(roomId, ack.LastChangeSeq);
        }

        return ack;
    }

    /// <summary>Leaves a room: the user is no longer a member.</summary>
    public async Task LeaveRoomAsync(string roomId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        await RequestAsync(EventNames.LeaveRoom, new RoomPayload(roomId), ClientJsonContext.Default.RoomPayload, resend: true, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            ForgetRoomLocked(roomId);
        }
    }

    /// <summary>Creates a room owned by the user, who becomes a member at once; <paramref name="members"/> are invited.</summary>
    public async Task<CreateRoomAck> CreateRoomAsync(
        string roomId,
        string? name = null,
        RoomVisibility visibility = RoomVisibility.Public,
        IEnumerable<string>? members = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        var payload = new CreateRoomPayload(roomId, name, visibility, members?.ToArray());
        var ack = await RequestAsync(EventNames.CreateRoom, payload, ClientJsonContext.Default.CreateRoomPayload,
            ClientJsonContext.Default.CreateRoomAck, resend: true, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _rooms.Created(roomId);
        }

        return ack;
    }

    /// <summary>Invites a user into a room the user owns.</summary>
    public Task InviteAsync(string roomId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return RequestAsync(EventNames.Invite, new InvitePayload(roomId, userId), ClientJsonContext.Default.InvitePayload, resend: true, cancellationToken);
    }

    /// <summary>
    /// Sends a room message; completes once it is stored. Unacked when the connection drops, it is re-sent
    /// after the reconnect with the same <paramref name="clientMsgId"/> (generated when not given), so the
    /// server stores it once and this returns the first store's seq.
    /// </summary>
    public Task<MessageAck> SendMessageAsync(string roomId, string content, string? type = null, string? clientMsgId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        ArgumentNullException.ThrowIfNull(content);
        var payload = new MessagePayload(roomId, content, type, clientMsgId ?? ClientMsgIds.New());
        return RequestAsync(EventNames.Message, payload, ClientJsonContext.Default.MessagePayload, ClientJsonContext.Default.MessageAck, resend: true, cancellationToken);
    }

    /// <summary>Tells the room's other members the user is typing. Not repeated after a drop (it would be stale).</summary>
    public Task TypingAsync(string roomId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        return RequestAsync(EventNames.Typing, new RoomPayload(roomId), ClientJsonContext.Default.RoomPayload, resend: false, cancellationToken);
    }

    /// <summary>Tells the room's other members the user stopped typing. Not repeated after a drop.</summary>
    public Task StopTypingAsync(string roomId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        return RequestAsync(EventNames.StopTyping, new RoomPayload(roomId), ClientJsonContext.Default.RoomPayload, resend: false, cancellationToken);
    }

    /// <summary>Sets the user's presence (online, away or busy). It is restored after a reconnect.</summary>
    public async Task UpdateStatusAsync(PresenceStatus status, CancellationToken cancellationToken = default)
    {
        await RequestAsync(EventNames.UpdateStatus, new StatusPayload(status), ClientJsonContext.Default.StatusPayload, resend: true, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _status = status;
        }
    }

    /// <summary>
    /// A page of a room's history, ascending by seq: with <paramref name="afterSeq"/> the oldest messages above it,
    /// otherwise the newest below <paramref name="beforeSeq"/> (or the newest of all). The server's limit is 50 by default, at most 100.
    /// </summary>
    public Task<HistoryAck> GetHistoryAsync(string roomId, long? beforeSeq = null, long? afterSeq = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        return RequestAsync(EventNames.GetHistory, new HistoryPayload(roomId, beforeSeq, afterSeq, limit), ClientJsonContext.Default.HistoryPayload,
            ClientJsonContext.Default.HistoryAck, resend: true, cancellationToken);
    }

    /// <summary>Round-trips to the server; <see cref="Pong"/> follows. Not repeated after a drop.</summary>
    public Task PingAsync(CancellationToken cancellationToken = default) =>
        RequestAsync(EventNames.Ping, EmptyPayload.Instance, ClientJsonContext.Default.EmptyPayload, resend: false, cancellationToken);

    private async Task<TAck> RequestAsync<TData, TAck>(string type, TData data, JsonTypeInfo<TData> dataType, JsonTypeInfo<TAck> ackType, bool resend, CancellationToken cancellationToken, bool bound = false)
    {
        var ack = await RequestAsync(type, data, dataType, resend, cancellationToken, bound).ConfigureAwait(false);
        return AckReader.Read(ack, ackType, type);
    }

    /// <summary>
    /// Queues the request in the outbox (written at once when connected) and waits for its ack. Cancelling
    /// stops the wait and any re-send; a request already written may still take effect on the server.
    /// </summary>
    private async Task<JsonElement> RequestAsync<TData>(string type, TData data, JsonTypeInfo<TData> dataType, bool resend, CancellationToken cancellationToken, bool bound = false)
    {
        cancellationToken.ThrowIfCancellationRequested();
        PendingRequest request;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // A bound request (upload chunk, call signal) belongs to the live connection: never queued for the next one.
            if (bound && (_state != ConnectionState.Connected || _connection is null))
            {
                throw new ChatException(ChatErrorCodes.Disconnected, $"Not connected: {type} is not queued");
            }

            request = CreateRequestLocked(type, data, dataType, resend, bound);
        }

        using var registration = cancellationToken.Register(CancelRequest, (this, request, cancellationToken));
        return await request.Ack.ConfigureAwait(false);
    }

    private PendingRequest CreateRequestLocked<TData>(string type, TData data, JsonTypeInfo<TData> dataType, bool resend, bool bound = false)
    {
        var id = (++_nextRequestId).ToString(CultureInfo.InvariantCulture);
        var request = new PendingRequest(id, type, FrameEncoder.Encode(type, id, data, dataType), resend, bound);
        _outbox.Add(request);
        if (_state == ConnectionState.Connected && _connection is { } connection)
        {
            SendLocked(request, connection);
        }

        return request;
    }

    /// <summary>Writes the request; its ack timeout runs from here, so waiting for a reconnect never times it out.</summary>
    private void SendLocked(PendingRequest request, SocketConnection connection)
    {
        if (connection.TrySend(request.Frame))
        {
            request.MarkSent(_time, _options.AckTimeout, OnAckTimeout);
        }
    }

    private void OnAckTimeout(PendingRequest request, int attempt)
    {
        lock (_gate)
        {
            if (request.Attempt != attempt || !request.Sent || !_outbox.Remove(request))
            {
                return; // acked, re-sent or dropped meanwhile
            }
        }

        request.Fail(new ChatTimeoutException(request.Type, _options.AckTimeout));
    }

    private static void CancelRequest(object? state)
    {
        var (client, request, cancellationToken) = ((ChatClient, PendingRequest, CancellationToken))state!;
        lock (client._gate)
        {
            client._outbox.Remove(request);
        }

        request.Cancel(cancellationToken);
    }
}
