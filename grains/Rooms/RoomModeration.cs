using Orleans.Chat.Events;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains;

/// <summary>
/// Roles, kicks and room updates: the owner may do everything, an admin may kick members and update
/// the room, a member neither. Each change is stored before it is published.
/// </summary>
internal sealed class RoomModeration(
    string roomId,
    IPersistentState<RoomState> room,
    IGrainContext grainContext,
    IGrainFactory grains,
    Action<RoomEvent[]> publish,
    Func<RoomInfo> info,
    Action<string> forgetMember,
    ChatEventPublisher? events)
{
    public const int MaxNameLength = 128;
    public const int MaxTopicLength = 512;

    private RoomState State => room.State;

    /// <summary>Owner only; the target must be a member and cannot be the owner.</summary>
    public async Task<ChatError> SetRoleAsync(string actingUserId, string userId, string role)
    {
        if (!State.Members.ContainsKey(actingUserId))
        {
            return ChatError.NotInRoom;
        }

        if (!RoomRoles.IsAssignable(role))
        {
            return ChatError.InvalidFormat;
        }

        if (actingUserId != State.OwnerId)
        {
            return ChatError.NotAllowed;
        }

        if (!State.Members.ContainsKey(userId))
        {
            return ChatError.NotFound;
        }

        if (userId == State.OwnerId)
        {
            return ChatError.NotAllowed;
        }

        var changed = role == RoomRoles.Admin ? State.Admins.Add(userId) : State.Admins.Remove(userId);
        if (changed)
        {
            await room.WriteOrDeactivateAsync(grainContext);
            publish([new RoomEvent { Kind = RoomEventKind.RoleChanged, RoomId = roomId, UserId = userId, Role = role, ByUserId = actingUserId }]);
        }

        return ChatError.None;
    }

    /// <summary>
    /// The owner kicks anyone but themself, an admin only plain members. The kicked user loses a
    /// private room's invitation, so they cannot join it again until invited again.
    /// </summary>
    public async Task<ChatError> KickAsync(string actingUserId, string userId)
    {
        if (!State.Members.ContainsKey(actingUserId))
        {
            return ChatError.NotInRoom;
        }

        if (!State.IsModerator(actingUserId))
        {
            return ChatError.NotAllowed;
        }

        if (!State.Members.ContainsKey(userId))
        {
            return ChatError.NotFound;
        }

        if (State.IsModerator(userId) && (userId == State.OwnerId || actingUserId != State.OwnerId))
        {
            return ChatError.NotAllowed;
        }

        return await RemoveAsync(userId, actingUserId);
    }

    /// <summary>A trusted server-side caller's kick: any member but the owner, no role check.</summary>
    public async Task<ChatError> KickAsServiceAsync(string userId, string byUserId)
    {
        if (!State.Members.ContainsKey(userId))
        {
            return ChatError.NotFound;
        }

        return userId == State.OwnerId ? ChatError.NotAllowed : await RemoveAsync(userId, byUserId);
    }

    private async Task<ChatError> RemoveAsync(string userId, string actingUserId)
    {
        State.RemoveMember(userId, dropInvitation: State.Visibility == RoomVisibility.Private);
        await room.WriteOrDeactivateAsync(grainContext);
        events?.Member(ChatEventKind.MemberRemoved, userId, actingUserId);
        forgetMember(userId);

        // Before the user's room list changes: the gateways drop the user's sessions from the room on
        // member-removed, in the room's event order. The user's own sessions hear of the kick through the
        // RoomLeft push that follows, from another grain, which may reach a gateway first.
        publish([new RoomEvent { Kind = RoomEventKind.MemberRemoved, RoomId = roomId, UserId = userId, ByUserId = actingUserId }]);
        await grains.Reference<IUserGrain>(userId).RemoveRoomByKick(roomId, actingUserId);
        return ChatError.None;
    }

    /// <summary>Owner or admin: a new name (1-128 characters) and/or topic (at most 512), trimmed.</summary>
    public async Task<UpdateRoomResult> UpdateAsync(string actingUserId, RoomUpdate update)
    {
        if (!State.Members.ContainsKey(actingUserId))
        {
            return UpdateRoomResult.Failed(ChatError.NotInRoom);
        }

        if (!State.IsModerator(actingUserId))
        {
            return UpdateRoomResult.Failed(ChatError.NotAllowed);
        }

        var name = update.Name?.Trim();
        var topic = update.Topic?.Trim();
        if ((name is null && topic is null) || name?.Length is 0 or > MaxNameLength || topic?.Length > MaxTopicLength)
        {
            return UpdateRoomResult.Failed(ChatError.InvalidFormat);
        }

        if ((name ?? State.Name) != State.Name || (topic ?? State.Topic) != State.Topic)
        {
            State.Name = name ?? State.Name;
            State.Topic = topic ?? State.Topic;
            await room.WriteOrDeactivateAsync(grainContext);
            publish([new RoomEvent { Kind = RoomEventKind.RoomUpdated, RoomId = roomId, UserId = actingUserId, Room = info() }]);
        }

        return new UpdateRoomResult { Room = info() };
    }
}
