using Orleans.Chat.Events;
using Orleans.Chat.Grains.Files;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>The room's actions for trusted server-side callers (<see cref="IRoomServiceGrain"/>).</summary>
internal sealed partial class RoomGrain : IRoomServiceGrain
{
    public Task<RoomDetails?> GetDetails() => Task.FromResult(State.Exists
        ? new RoomDetails
        {
            Room = Info(),
            CreatedAt = State.CreatedAt.ToUnixTimeMilliseconds(),
            MemberCount = State.Members.Count,
            LastSeq = _messages.LastSeq,
        }
        : null);

    public async Task<RoomMembersPage> GetMembers(string? afterUserId, int limit)
    {
        if (!State.Exists)
        {
            return RoomMembersPage.Failed(ChatError.NotFound);
        }

        // One sort of the member ids per page: bounded by Limits:MembersPerRoom, and no per-member grain call
        // (statuses come from the room's cache, filled once from the members' presence partitions).
        var ids = State.Members.Keys
            .Where(id => afterUserId is null || string.CompareOrdinal(id, afterUserId) > 0)
            .Order(StringComparer.Ordinal)
            .Take(limit + 1)
            .ToList();
        var statuses = await _statuses.GetAsync(State.Members.Keys);
        var members = ids.Take(limit).Select(id => new RoomMember
        {
            UserId = id,
            Name = State.Members.GetValueOrDefault(id, id),
            Status = statuses.GetValueOrDefault(id, PresenceStatus.Offline),
            Role = State.RoleOf(id),
        }).ToList();
        return new RoomMembersPage { Members = members, HasMore = ids.Count > limit };
    }

    public Task<ChatError> RelayAsService(UserRef service, AppRoomEvent appEvent)
    {
        if (!State.Exists)
        {
            return Task.FromResult(ChatError.NotFound);
        }

        Publish(new RoomEvent { Kind = RoomEventKind.AppEvent, RoomId = RoomId, UserId = service.Id, User = service, AppEvent = appEvent });
        return Task.FromResult(ChatError.None);
    }

    public Task<ChatError> KickAsService(string userId, string byUserId) =>
        State.Exists ? _moderation.KickAsServiceAsync(userId, byUserId) : Task.FromResult(ChatError.NotFound);

    public async Task<MessageChangeResult> DeleteAsService(UserRef service, long seq)
    {
        if (!State.Exists)
        {
            return MessageChangeResult.Failed(ChatError.NotFound);
        }

        var result = await _changes.DeleteAsync(new DeleteMessageRequest { User = service, Seq = seq }, isModerator: true);
        if (result.Error == ChatError.None && _history.TryGet(seq, out var tombstone))
        {
            // As a member's delete: a file message's content goes too (a repeat finishes a failed removal).
            await FileContentRemoval.RemoveAsync(GrainFactory, tombstone.File, RoomId, seq, _logger);
        }

        return result;
    }
}
