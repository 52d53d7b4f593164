using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Chat.Client.Internal;
using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client;

// Frames from the server: acks complete requests, events go to the dispatcher.
public sealed partial class ChatClient
{
    /// <summary>Called by the receive loop with each whole text message, in order.</summary>
    private void OnMessage(SocketConnection connection, ReadOnlyMemory<byte> utf8)
    {
        if (ServerFrame.TryParse(utf8.Span) is not { Type: { } type } frame)
        {
            return;
        }

        lock (_gate)
        {
            if (_connection != connection)
            {
                return; // a connection being closed
            }

            try
            {
                HandleFrameLocked(connection, type, frame);
            }
            catch (JsonException)
            {
                // An event of an unexpected shape: skip it rather than drop a working connection.
            }
        }
    }

    private void HandleFrameLocked(SocketConnection connection, string type, ServerFrame frame)
    {
        var data = frame.Data;
        var json = ClientJsonContext.Default;
        switch (type)
        {
            case EventNames.Ack:
                if (frame.IdText is { } id && _outbox.TryRemove(id, out var request))
                {
                    request.Complete(data);
                }

                break;
            case EventNames.Connected:
                OnConnectedLocked(connection, Read(data, json.ConnectedEvent));
                break;
            case EventNames.NewMessage:
                var message = Read(data, json.ChatMessage);
                if (_rooms.AcceptLive(message))
                {
                    RaiseRoomMessageLocked(message);
                }

                break;
            case EventNames.PendingMessages:
                OnPendingMessagesLocked(connection, Read(data, json.IReadOnlyListPrivateMessage));
                break;
            case EventNames.PrivateMessage:
                OnPrivateMessageLocked(connection, Read(data, json.PrivateMessage));
                break;
            case EventNames.UserJoined:
                Raise(static c => c.UserJoined, Read(data, json.UserJoinedEvent));
                break;
            case EventNames.UserLeft:
                Raise(static c => c.UserLeft, Read(data, json.UserLeftEvent));
                break;
            case EventNames.UserTyping:
                Raise(static c => c.UserTyping, Read(data, json.UserTypingEvent));
                break;
            case EventNames.UserStoppedTyping:
                Raise(static c => c.UserStoppedTyping, Read(data, json.UserStoppedTypingEvent));
                break;
            case EventNames.PresenceUpdate:
                Raise(static c => c.PresenceUpdate, Read(data, json.PresenceUpdateEvent));
                break;
            case EventNames.Error:
                Raise(static c => c.Error, Read(data, json.ServerErrorEvent));
                break;
            case EventNames.Pong:
                Raise(static c => c.Pong, Read(data, json.PongEvent));
                break;
            case EventNames.MessageEdited:
                OnChangeLocked(MessageChange.Of(Read(data, json.MessageEditedEvent)));
                break;
            case EventNames.MessageDeleted:
                OnChangeLocked(MessageChange.Of(Read(data, json.MessageDeletedEvent)));
                break;
            case EventNames.ReadReceipt:
                OnReadReceiptLocked(Read(data, json.ReadReceiptEvent));
                break;
            case EventNames.MemberRemoved:
                OnMemberRemovedLocked(Read(data, json.MemberRemovedEvent));
                break;
            case EventNames.RoomUpdated:
                Raise(static c => c.RoomUpdated, Read(data, json.RoomUpdatedEvent));
                break;
            case EventNames.RoleChanged:
                Raise(static c => c.RoleChanged, Read(data, json.RoleChangedEvent));
                break;
            case EventNames.RoomEvent:
                Raise(static c => c.RoomEvent, Read(data, json.RoomAppEvent));
                break;
            case EventNames.IncomingCall:
                Raise(static c => c.IncomingCall, Read(data, json.IncomingCallEvent));
                break;
            case EventNames.CallAnswered:
                Raise(static c => c.CallAnswered, Read(data, json.CallAnsweredEvent));
                break;
            case EventNames.IceCandidate:
                Raise(static c => c.IceCandidate, Read(data, json.IceCandidateEvent));
                break;
            case EventNames.CallEnded:
                Raise(static c => c.CallEnded, Read(data, json.CallEndedEvent));
                break;
            case EventNames.TokenExpiring:
                OnTokenExpiringLocked();
                break;
            default:
                Raise(static c => c.CustomEvent, new CustomServerEvent(type, data));
                break;
        }
    }

    private void OnConnectedLocked(SocketConnection connection, ConnectedEvent session)
    {
        var reconnected = _everConnected;
        _everConnected = true;
        _session = session;
        // The server's room list is the truth: rooms left elsewhere are forgotten, new ones tracked.
        foreach (var roomId in _rooms.Reconcile(session.Rooms))
        {
            ForgetRoomLocked(roomId);
        }

        OnSidebarLocked(session.Sidebar, reconnected);
        SetStateLocked(ConnectionState.Connected);
        Raise(static c => c.Connected, session);
        _connectWaiter?.TrySetResult(session);
        _connectWaiter = null;

        if (reconnected)
        {
            RestoreStatusLocked();
            StartRecoveryLocked(connection);
        }

        foreach (var request in _outbox.Unsent())
        {
            SendLocked(request, connection);
        }
    }

    /// <summary>A new connection starts online: put back the status the app chose.</summary>
    private void RestoreStatusLocked()
    {
        if (_status is { } status && status != PresenceStatus.Online)
        {
            var request = CreateRequestLocked(EventNames.UpdateStatus, new StatusPayload(status), ClientJsonContext.Default.StatusPayload, resend: false);
            _ = request.Ack.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private static T Read<T>(JsonElement data, JsonTypeInfo<T> type) =>
        (data.ValueKind == JsonValueKind.Undefined ? default : data.Deserialize(type)) ?? throw new JsonException($"No {typeof(T).Name} payload");
}
