namespace Orleans.Chat.Client;

// The events of ChatClient. Handlers run one at a time on a background task, in arrival order.
public sealed partial class ChatClient
{
    /// <summary>Each new connection's first event; after a reconnect it comes before the recovery.</summary>
    public event EventHandler<ConnectedEvent>? Connected;

    /// <summary>
    /// The server's list of the user's unread private messages, right after <see cref="Connected"/> (and again if the
    /// server re-asserted the connection after losing it). Each of them is also raised as <see cref="PrivateMessage"/>, once.
    /// </summary>
    public event EventHandler<IReadOnlyList<PrivateMessage>>? PendingMessages;

    /// <summary>A room message: each seq of a room once, in seq order, also across reconnects.</summary>
    public event EventHandler<ChatMessage>? NewMessage;

    /// <summary>A user became a member of one of the user's rooms.</summary>
    public event EventHandler<UserJoinedEvent>? UserJoined;

    /// <summary>A user left one of the user's rooms.</summary>
    public event EventHandler<UserLeftEvent>? UserLeft;

    /// <summary>Another member of a room is typing.</summary>
    public event EventHandler<UserTypingEvent>? UserTyping;

    /// <summary>A member stopped typing.</summary>
    public event EventHandler<UserStoppedTypingEvent>? UserStoppedTyping;

    /// <summary>A member of one of the user's rooms changed presence (once per shared room).</summary>
    public event EventHandler<PresenceUpdateEvent>? PresenceUpdate;

    /// <summary>
    /// A message of one of the user's direct conversations, the user's own included: each (conversationId, seq) once,
    /// in seq order per conversation, whether it came live, as a pending message or from history after a reconnect.
    /// </summary>
    public event EventHandler<PrivateMessage>? PrivateMessage;

    /// <summary>A room or conversation message was edited: once per change seq, in change order, live or recovered after a reconnect.</summary>
    public event EventHandler<MessageEditedEvent>? MessageEdited;

    /// <summary>A room or conversation message was deleted (a tombstone now): once per change seq, live or recovered.</summary>
    public event EventHandler<MessageDeletedEvent>? MessageDeleted;

    /// <summary>A user (the user itself on another device included) read a room or conversation up to a seq.</summary>
    public event EventHandler<ReadReceiptEvent>? ReadReceipt;

    /// <summary>A member was kicked from a room; when it is the user, the client forgets the room.</summary>
    public event EventHandler<MemberRemovedEvent>? MemberRemoved;

    /// <summary>A room's name or topic changed.</summary>
    public event EventHandler<RoomUpdatedEvent>? RoomUpdated;

    /// <summary>A member's role changed.</summary>
    public event EventHandler<RoleChangedEvent>? RoleChanged;

    /// <summary>An app-defined event of another member (<see cref="SendRoomEventAsync(string, string, System.Text.Json.JsonElement?, CancellationToken)"/>).</summary>
    public event EventHandler<RoomAppEvent>? RoomEvent;

    /// <summary>The unread count of a room or conversation changed (<see cref="UnreadCount"/>, <see cref="ConversationUnreadCount"/>).</summary>
    public event EventHandler<UnreadChangedEvent>? UnreadChanged;

    /// <summary>A server failure not tied to a request (bad frame, rate limit).</summary>
    public event EventHandler<ServerErrorEvent>? Error;

    /// <summary>The server's answer to <see cref="PingAsync"/>.</summary>
    public event EventHandler<PongEvent>? Pong;

    /// <summary>A server event without a type here, such as one sent with the server API's broadcast.</summary>
    public event EventHandler<CustomServerEvent>? CustomEvent;

    /// <summary>The connection state changed.</summary>
    public event EventHandler<ConnectionState>? StateChanged;

    /// <summary>
    /// After a reconnect, every tracked room was re-joined and every tracked conversation caught up; the messages they
    /// missed were raised as <see cref="NewMessage"/> and <see cref="PrivateMessage"/>.
    /// </summary>
    public event EventHandler<RecoveredEvent>? Recovered;

    /// <summary>
    /// Posts an event for the dispatcher. The handlers are read when it runs, so late subscribers still get
    /// queued events, and each is called on its own, so one that throws does not keep the others from the event.
    /// </summary>
    private void Raise<T>(Func<ChatClient, EventHandler<T>?> handler, T payload) =>
        _events.Post(() =>
        {
            foreach (var single in Delegate.EnumerateInvocationList(handler(this)))
            {
                try
                {
                    single(this, payload);
                }
                catch (Exception ex)
                {
                    _events.ReportHandlerFailure(ex);
                }
            }
        });
}
