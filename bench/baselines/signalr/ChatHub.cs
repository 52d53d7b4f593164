using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace Orleans.Chat.Bench.SignalR;

/// <summary>
/// The chat on a SignalR hub: a room is a SignalR group; hub method names are the protocol's
/// event names and the completion is the ack. The user id is the access_token (trivial check), or
/// its sub claim behind JWT authentication (<see cref="JwtAuthentication"/>).
/// A private message goes to every connection of both users with <c>Clients.Users</c> (the user id
/// from <see cref="TokenUserIdProvider"/>), as Orleans.Chat sends it to the recipient and the sender.
/// SignalR's default lifetime manager finds a user's connections by scanning every connection of the
/// hub, so that send grows with the server's connections; with BENCH_SIGNALR_USER_GROUPS=1 each
/// connection joins a group named after its user instead (a dictionary lookup per user).
/// With BENCH_SIGNALR_GRAINS=1 each user's connections are also held by a grain (<see cref="UserGrains"/>).
/// </summary>
public sealed class ChatHub(ChatRooms rooms, ChatConversations conversations, UserGrains users) : Hub
{
    private const int RecentMessages = 50;
    private const int MaxContentLength = 4000;
    private const int MaxIdLength = 128;

    private static readonly ErrorAck InvalidFormat = new("Invalid message format", "invalid_format");

    private static readonly bool UserGroups = Environment.GetEnvironmentVariable("BENCH_SIGNALR_USER_GROUPS") == "1";

    private string UserId => (string)Context.Items["user"]!;

    public override async Task OnConnectedAsync()
    {
        // With JWT authentication the validated sub claim, else the token itself.
        var user = Context.UserIdentifier;
        if (string.IsNullOrEmpty(user))
        {
            Context.Abort();
            return;
        }

        Context.Items["user"] = user;
        await users.ConnectAsync(user, Context.ConnectionId);
        if (UserGroups)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(user));
        }

        await Clients.Caller.SendAsync("connected", new ConnectedEvent(Context.ConnectionId, user, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), []));
    }

    public override Task OnDisconnectedAsync(Exception? exception) =>
        Context.Items.TryGetValue("user", out var user) ? users.DisconnectAsync((string)user!, Context.ConnectionId) : Task.CompletedTask;

    [HubMethodName("join-room")]
    public async Task<object> JoinRoom(JsonElement payload)
    {
        var roomId = payload.ValueKind switch
        {
            JsonValueKind.String => payload.GetString(),
            JsonValueKind.Object when payload.TryGetProperty("roomId", out var id) && id.ValueKind == JsonValueKind.String => id.GetString(),
            _ => null,
        };
        if (!ValidId(roomId))
        {
            return InvalidFormat;
        }

        var ack = rooms.GetOrCreate(roomId!).Join(UserId, UserId, RecentMessages);
        await Groups.AddToGroupAsync(Context.ConnectionId, roomId!);
        return ack;
    }

    [HubMethodName("message")]
    public async Task<object> Message(MessageRequest request)
    {
        if (!ValidId(request.RoomId) || string.IsNullOrWhiteSpace(request.Content))
        {
            return InvalidFormat;
        }

        if (request.Content.Length > MaxContentLength)
        {
            return new ErrorAck("Content too long", "content_too_long");
        }

        var room = rooms.Find(request.RoomId!);
        var group = Clients.Group(request.RoomId!);
        var message = room is null ? null : await room.PublishAsync(
            UserId, UserId, request.Content, string.IsNullOrEmpty(request.Type) ? "text" : request.Type,
            message => group.SendAsync("new-message", message));
        return message is null
            ? new ErrorAck("Not in room", "not_in_room")
            : new MessageAck(true, message.Id, message.Seq, message.Timestamp);
    }

    [HubMethodName("private-message")]
    public async Task<object> PrivateMessage(PrivateMessageRequest request)
    {
        if (!ValidId(request.TargetUserId) || string.IsNullOrWhiteSpace(request.Content))
        {
            return InvalidFormat;
        }

        if (request.Content.Length > MaxContentLength)
        {
            return new ErrorAck("Content too long", "content_too_long");
        }

        var from = UserId;
        var to = request.TargetUserId!;
        var both = UserGroups ? Clients.Groups(UserGroup(from), UserGroup(to)) : Clients.Users(from, to);
        var message = await conversations.Between(from, to).PublishAsync(
            from, to, request.Content, string.IsNullOrEmpty(request.Type) ? "text" : request.Type,
            message => both.SendAsync("private-message", message));
        return new PrivateMessageAck(true, message.Id, message.ConversationId, message.Seq, message.Timestamp);
    }

    private static string UserGroup(string userId) => $"user:{userId}";

    private static bool ValidId(string? id) => id is { Length: > 0 and <= MaxIdLength };
}
