using System.Globalization;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Api;

/// <summary>
/// GET /api/users/online: the online-user index read partition by partition (<see cref="IPresencePartitionGrain"/>),
/// each in user id order. The cursor is the position after the last user returned; a user appears once,
/// since each partition holds a user at most once and the partitions are disjoint.
/// </summary>
public static class OnlineUsersEndpoint
{
    public static RouteGroupBuilder MapOnlineUsers(this RouteGroupBuilder api)
    {
        api.MapGet("/users/online", GetOnlineAsync)
            .Produces<OnlineUsersResponse>()
            .WithSummary("Online users; limit 1-1000 (default 100), cursor from nextCursor (null after the last page)");
        return api;
    }

    private static async Task<IResult> GetOnlineAsync(string? limit, string? cursor, IGrainFactory grains)
    {
        if (!ApiResults.TryReadLimit(limit, out var pageSize) || !ApiResults.TryDecodeCursor(cursor, out var position)
            || !TryParsePosition(position, out var partition, out var afterUserId))
        {
            return ApiResults.BadRequest(ClientErrors.InvalidFormat);
        }

        var users = new List<OnlineUser>(Math.Min(pageSize, ApiResults.DefaultPageSize));
        string? next = null;
        for (; partition < PresencePartitions.Count; partition++, afterUserId = null)
        {
            var page = await grains.Reference<IPresencePartitionGrain>(partition).GetPage(afterUserId, pageSize - users.Count);
            users.AddRange(page.Users.Select(user => new OnlineUser(user.Id, user.Name)));
            if (users.Count == pageSize)
            {
                // Full: continue in this partition after the last user, or at the start of the next one.
                next = page.HasMore ? Position(partition, users[^1].UserId)
                    : partition + 1 < PresencePartitions.Count ? Position(partition + 1, null) : null;
                break;
            }
        }

        return Results.Json(new OnlineUsersResponse(users, next is null ? null : ApiResults.EncodeCursor(next)), ChatJsonContext.Default.OnlineUsersResponse);
    }

    private static string Position(int partition, string? afterUserId) =>
        partition.ToString(CultureInfo.InvariantCulture) + ":" + afterUserId;

    private static bool TryParsePosition(string? position, out int partition, out string? afterUserId)
    {
        partition = 0;
        afterUserId = null;
        if (position is null)
        {
            return true;
        }

        var colon = position.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !int.TryParse(position.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out partition)
            || partition >= PresencePartitions.Count)
        {
            return false;
        }

        afterUserId = colon == position.Length - 1 ? null : position[(colon + 1)..];
        return true;
    }
}
