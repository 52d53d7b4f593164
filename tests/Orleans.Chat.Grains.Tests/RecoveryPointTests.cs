using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// Socket.IO recovery points kept by the user's grain (no grain per disconnect): only the user's own pid
/// finds one, once, within its window, and a flood of disconnects holds at most Limits:RecoveryPointsPerUser.
/// </summary>
[Collection(StandardClusterCollection.Name)]
public sealed class RecoveryPointTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task A_saved_point_is_found_once_by_its_user_and_pid_and_never_by_another_user()
    {
        var (alice, mallory) = (_client.GetGrain<IUserGrain>(TestIds.User()), _client.GetGrain<IUserGrain>(TestIds.User()));
        var point = new SessionRecoveryPoint
        {
            SocketId = "socket-1",
            RoomCursors = new Dictionary<string, long>(StringComparer.Ordinal) { ["general"] = 12 },
            ChangeCursors = new Dictionary<string, long>(StringComparer.Ordinal) { ["general"] = 3 },
        };
        await alice.SaveRecoveryPoint("pid-1", point, TimeSpan.FromMinutes(2));

        Assert.Null(await mallory.TakeRecoveryPoint("pid-1"));
        var taken = await alice.TakeRecoveryPoint("pid-1");
        Assert.NotNull(taken);
        Assert.Equal("socket-1", taken.SocketId);
        Assert.Equal(12, taken.RoomCursors["general"]);
        Assert.Equal(3, taken.ChangeCursors["general"]);
        Assert.Null(await alice.TakeRecoveryPoint("pid-1"));
    }

    [Fact]
    public async Task An_expired_point_is_not_handed_out()
    {
        var user = _client.GetGrain<IUserGrain>(TestIds.User());
        await user.SaveRecoveryPoint("pid-short", new SessionRecoveryPoint { SocketId = "s", RoomCursors = new Dictionary<string, long>() }, TimeSpan.FromMilliseconds(50));
        await Task.Delay(200);
        Assert.Null(await user.TakeRecoveryPoint("pid-short"));
    }

    [Fact]
    public async Task A_flood_of_disconnects_holds_at_most_the_cap_the_newest_points()
    {
        var user = _client.GetGrain<IUserGrain>(TestIds.User());
        var cap = new MembershipLimitsOptions().RecoveryPointsPerUser;
        for (var i = 0; i < cap + 10; i++)
        {
            await user.SaveRecoveryPoint($"pid-{i}", new SessionRecoveryPoint { SocketId = $"s{i}", RoomCursors = new Dictionary<string, long>() }, TimeSpan.FromMinutes(2) + TimeSpan.FromMilliseconds(i));
        }

        Assert.Null(await user.TakeRecoveryPoint("pid-0"));
        Assert.Null(await user.TakeRecoveryPoint("pid-9"));
        Assert.Equal("s10", (await user.TakeRecoveryPoint("pid-10"))?.SocketId);
        Assert.Equal($"s{cap + 9}", (await user.TakeRecoveryPoint($"pid-{cap + 9}"))?.SocketId);
    }
}
