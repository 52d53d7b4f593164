using Microsoft.Extensions.Logging;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Backend;

/// <summary>
/// Calls the chat grains for a trusted backend service, with the gateway's input rules. Input the
/// gateway would refuse throws <see cref="ChatInputException"/> before any grain is called; what
/// the cluster refuses (no such room, not a member, a quota) comes back as the result's
/// <see cref="ChatError"/>, as the grains report it. Like the server API's key, it bypasses room
/// membership for posts and history: only services inside the cluster's network can reach it.
/// </summary>
public sealed partial class ChatBackendClient(IClusterClient cluster, ChatInputRules rules, ILogger<ChatBackendClient> logger)
{
    private const int MaxRoomNameLength = 200;
    private const int MaxInitialMembers = 10_000;
    private const int MaxHistoryLimit = 100;

    /// <summary>The service user this client posts as when a call names no sender.</summary>
    public UserRef ServiceUser => rules.Sender(null, null);

    /// <summary>
    /// Posts a message to a room as a service user, member or not (the server API's POST
    /// /api/rooms/{id}/messages). A room that does not exist is <see cref="ChatError.NotFound"/>.
    /// </summary>
    public async Task<SendMessageResult> PostToRoomAsync(
        string roomId,
        string content,
        string? type = null,
        string? clientMsgId = null,
        string? senderId = null,
        string? senderName = null)
    {
        var request = new SendMessageRequest
        {
            Sender = rules.Sender(senderId, senderName),
            Content = rules.Content(content),
            Type = ChatInputRules.Type(type),
            ClientMsgId = ChatInputRules.ClientMsgId(clientMsgId),
            BypassMembership = true,
        };
        var room = cluster.GetGrain<IRoomGrain>(ChatInputRules.Id(roomId, nameof(roomId)));

        // Send would create a public room on the fly: refuse unknown rooms as the server API does.
        if (await room.GetInfo() is null)
        {
            return SendMessageResult.Failed(ChatError.NotFound);
        }

        var result = await room.Send(request);
        logger.PostedToRoom(room.GetPrimaryKeyString(), request.Sender.Id, result.Error);
        return result;
    }

    /// <summary>
    /// A private message from a service user to a user (the gateway's private-message path: the
    /// conversation grain stores it, then both users' connections get it). "system" is refused as a
    /// type there, since clients must not fake server messages; a trusted service may use it.
    /// </summary>
    public async Task<SendPrivateMessageResult> SendPrivateMessageAsync(
        string toUserId,
        string content,
        string? type = null,
        string? clientMsgId = null,
        string? senderId = null,
        string? senderName = null)
    {
        var recipient = ChatInputRules.Id(toUserId, nameof(toUserId));
        var sender = rules.Sender(senderId, senderName);
        if (sender.Id == recipient)
        {
            throw new ChatInputException(ChatInputException.InvalidFormat, "A private message needs two different users.", nameof(toUserId));
        }

        var request = new SendPrivateMessageRequest
        {
            Sender = sender,
            RecipientId = recipient,
            Content = rules.Content(content),
            Type = ChatInputRules.Type(type),
            ClientMsgId = ChatInputRules.ClientMsgId(clientMsgId),
        };
        var result = await cluster.GetGrain<IConversationGrain>(ConversationIds.For(sender.Id, recipient)).Send(request);
        logger.SentPrivateMessage(recipient, sender.Id, result.Error);
        return result;
    }

    /// <summary>
    /// Relays an app event (not stored) to the room's members, as room-event does: the name must
    /// match Gateway:RoomEventPattern, the data (JSON text, null for none) fit Limits:MaxRoomEventBytes.
    /// The room grain relays only from members: the sender must have joined (or created) the room.
    /// </summary>
    public async Task<ChatError> RelayRoomEventAsync(string roomId, string eventName, string? dataJson = null, string? senderId = null, string? senderName = null)
    {
        var room = ChatInputRules.Id(roomId, nameof(roomId));
        var appEvent = new AppRoomEvent { Name = rules.EventName(eventName), DataJson = rules.EventData(dataJson) };
        return await cluster.GetGrain<IRoomGrain>(room).Relay(rules.Sender(senderId, senderName), appEvent);
    }

    /// <summary>Creates a room owned by the service user (or <paramref name="ownerId"/>); the owner is a member at once.</summary>
    public Task<CreateRoomResult> CreateRoomAsync(
        string roomId,
        string? name = null,
        string visibility = RoomVisibility.Public,
        IReadOnlyList<string>? members = null,
        string? ownerId = null,
        string? ownerName = null)
    {
        var room = ChatInputRules.Id(roomId, nameof(roomId));
        if (name is { Length: > MaxRoomNameLength })
        {
            throw new ChatInputException(ChatInputException.InvalidFormat, $"A room name is at most {MaxRoomNameLength} characters.", nameof(name));
        }

        if (!RoomVisibility.IsValid(visibility))
        {
            throw new ChatInputException(ChatInputException.InvalidFormat, "Visibility is public or private.", nameof(visibility));
        }

        if (members is { Count: > MaxInitialMembers })
        {
            throw new ChatInputException(ChatInputException.InvalidFormat, $"At most {MaxInitialMembers} initial members.", nameof(members));
        }

        var invited = members?.Select(member => ChatInputRules.Id(member, nameof(members))).ToList() ?? [];
        return cluster.GetGrain<IRoomGrain>(room).Create(new CreateRoomRequest
        {
            Owner = rules.Sender(ownerId, ownerName),
            Name = string.IsNullOrWhiteSpace(name) ? null : name,
            Visibility = visibility,
            Members = invited,
        });
    }

    /// <summary>Makes the service user (or <paramref name="userId"/>) a member of a public or invited room.</summary>
    public Task<JoinRoomResult> JoinRoomAsync(string roomId, string? userId = null, string? userName = null) =>
        cluster.GetGrain<IRoomGrain>(ChatInputRules.Id(roomId, nameof(roomId))).Join(new JoinRoomRequest { User = rules.Sender(userId, userName), RecentLimit = 0 });

    /// <summary>The room's info; null when it does not exist.</summary>
    public Task<RoomInfo?> GetRoomAsync(string roomId) =>
        cluster.GetGrain<IRoomGrain>(ChatInputRules.Id(roomId, nameof(roomId))).GetInfo();

    /// <summary>
    /// Retained messages, ascending seq, member or not: the newest below <paramref name="beforeSeq"/>
    /// (or the newest of all), or with <paramref name="afterSeq"/> the oldest above it. At most 100.
    /// </summary>
    public Task<HistoryResult> GetRoomHistoryAsync(string roomId, long? beforeSeq = null, long? afterSeq = null, int limit = 50)
    {
        var room = ChatInputRules.Id(roomId, nameof(roomId));
        if (beforeSeq < 0 || afterSeq < 0 || limit < 0)
        {
            throw new ChatInputException(ChatInputException.InvalidFormat, "Seqs and limits are not negative.", nameof(limit));
        }

        return cluster.GetGrain<IRoomGrain>(room).GetHistory(new HistoryRequest
        {
            UserId = ServiceUser.Id,
            BeforeSeq = beforeSeq,
            AfterSeq = afterSeq,
            Limit = Math.Clamp(limit, 1, MaxHistoryLimit),
            BypassMembership = true,
        });
    }
}
