using System.Globalization;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Api;

/// <summary>
/// GET /api/rooms/{roomId} and its members, DELETE a member (kick) or a message: a backend service
/// acting on a room through the room grain's service face (<see cref="IRoomServiceGrain"/>), as user "system".
/// </summary>
public static class RoomAdminApiEndpoints
{
    public static RouteGroupBuilder MapRoomAdminApi(this RouteGroupBuilder api)
    {
        api.MapGet("/rooms/{roomId}", GetRoomAsync)
            .Produces<RoomInfoResponse>()
            .WithSummary("The room's info and counters");
        api.MapGet("/rooms/{roomId}/members", GetMembersAsync)
            .Produces<RoomMembersResponse>()
            .WithSummary("The room's members with role and status, by user id; limit 1-1000 (default 100), cursor from nextCursor");
        api.MapDelete("/rooms/{roomId}/members/{userId}", KickAsync)
            .Produces<SuccessAck>()
            .WithSummary("Removes a member like a moderator's kick (member-removed by \"system\"); the owner cannot be removed (403)");
        api.MapDelete("/rooms/{roomId}/messages/{seq}", DeleteMessageAsync)
            .Produces<DeleteMessageAck>()
            .WithSummary("Deletes a message like a moderator (message-deleted by \"system\"; a file's content is removed)");
        return api;
    }

    private static UserRef Service => new() { Id = ServerApiEndpoints.ServiceUserId, Name = ServerApiEndpoints.ServiceUserId };

    private static async Task<IResult> GetRoomAsync(string roomId, IGrainFactory grains)
    {
        if (!IdentityText.TryNormalizeId(roomId, out roomId))
        {
            return ApiResults.BadRequest(ClientErrors.InvalidFormat);
        }

        if (await grains.Reference<IRoomServiceGrain>(roomId).GetDetails() is not { } details)
        {
            return ApiResults.NotFound(ApiResults.RoomNotFound);
        }

        var room = details.Room;
        return Results.Json(
            new RoomInfoResponse(room.Id, room.Name, room.Topic, room.Visibility == RoomVisibility.Private, room.OwnerId, details.CreatedAt, details.MemberCount, details.LastSeq),
            ChatJsonContext.Default.RoomInfoResponse);
    }

    private static async Task<IResult> GetMembersAsync(string roomId, string? limit, string? cursor, IGrainFactory grains)
    {
        if (!IdentityText.TryNormalizeId(roomId, out roomId) || !ApiResults.TryReadLimit(limit, out var pageSize)
            || !ApiResults.TryDecodeCursor(cursor, out var afterUserId))
        {
            return ApiResults.BadRequest(ClientErrors.InvalidFormat);
        }

        var page = await grains.Reference<IRoomServiceGrain>(roomId).GetMembers(afterUserId, pageSize);
        if (page.Error != ChatError.None)
        {
            return ApiResults.From(page.Error, ApiResults.RoomNotFound);
        }

        var members = page.Members
            .Select(member => new RoomMemberItem(member.UserId, member.Name, member.Role, member.Status, member.Status != PresenceStatus.Offline))
            .ToList();
        var next = page.HasMore ? ApiResults.EncodeCursor(members[^1].UserId) : null;
        return Results.Json(new RoomMembersResponse(members, next), ChatJsonContext.Default.RoomMembersResponse);
    }

    private static async Task<IResult> KickAsync(string roomId, string userId, IGrainFactory grains)
    {
        if (!IdentityText.TryNormalizeId(roomId, out roomId) || !IdentityText.TryNormalizeId(userId, out userId))
        {
            return ApiResults.BadRequest(ClientErrors.InvalidFormat);
        }

        var result = await grains.Reference<IRoomServiceGrain>(roomId).KickAsService(userId, ServerApiEndpoints.ServiceUserId);
        return result == ChatError.None ? Results.Json(SuccessAck.Instance, ChatJsonContext.Default.SuccessAck) : ApiResults.From(result);
    }

    private static async Task<IResult> DeleteMessageAsync(string roomId, string seq, IGrainFactory grains)
    {
        if (!IdentityText.TryNormalizeId(roomId, out roomId)
            || !long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var messageSeq) || messageSeq < 1)
        {
            return ApiResults.BadRequest(ClientErrors.InvalidFormat);
        }

        var result = await grains.Reference<IRoomServiceGrain>(roomId).DeleteAsService(Service, messageSeq);
        return result.Error == ChatError.None
            ? Results.Json(new DeleteMessageAck(result.Change!.ChangeSeq), ChatJsonContext.Default.DeleteMessageAck)
            : ApiResults.From(result.Error);
    }
}
