using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Runtime;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// A user grain goes when its user's last connection closes, instead of waiting out Presence:UserIdleLifetime:
/// users who come and go leave no activation behind. One with Socket.IO recovery points stays while they last.
/// </summary>
[Collection(StandardClusterCollection.Name)]
public sealed class UserGrainReleaseTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task The_grain_goes_when_the_last_connection_closes_and_not_before()
    {
        var user = TestIds.UserRef("leaving");
        var (first, second) = (TestIds.Gateway(), TestIds.Gateway());
        var presence = TestPresence.Of(_client, user.Id);
        await presence.Connect(first, user);
        await presence.Connect(second, user);
        Assert.True(await IsActiveAsync(user.Id));

        await presence.Disconnect(first);
        await AssertStaysActiveAsync(user.Id, "one connection is still open");

        await presence.Disconnect(second);
        await Eventually.TrueAsync(async () => !await IsActiveAsync(user.Id), what: "the activation went with the last connection");
        Assert.Equal(PresenceStatus.Offline, (await presence.GetPresence()).Status);

        // The next connect activates it again, with the stored state.
        await presence.Connect(first, user);
        Assert.True(await IsActiveAsync(user.Id));
        Assert.Equal(PresenceStatus.Online, (await presence.GetPresence()).Status);
    }

    [Fact]
    public async Task Recovery_points_keep_the_grain_after_the_last_connection_closed()
    {
        var user = TestIds.UserRef("recovering");
        var gateway = TestIds.Gateway();
        var presence = TestPresence.Of(_client, user.Id);
        await presence.Connect(gateway, user);
        var grain = _client.GetGrain<IUserGrain>(user.Id);
        await grain.SaveRecoveryPoint("pid-1", new SessionRecoveryPoint { SocketId = "s1", RoomCursors = new Dictionary<string, long>() }, TimeSpan.FromMinutes(2));

        await presence.Disconnect(gateway);
        await AssertStaysActiveAsync(user.Id, "a recovery point is held in the activation");
        Assert.Equal("s1", (await grain.TakeRecoveryPoint("pid-1"))?.SocketId);
    }

    /// <summary>Gives the partition's one-way offline notice time to arrive, then checks the activation is there.</summary>
    private async Task AssertStaysActiveAsync(string userId, string why)
    {
        await Task.Delay(300);
        Assert.True(await IsActiveAsync(userId), why);
    }

    private async Task<bool> IsActiveAsync(string userId)
    {
        var id = _client.GetGrain<IUserGrain>(userId).GetGrainId();
        var statistics = await _client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Any(statistic => statistic.GrainId == id);
    }
}
