using System.Collections;
using System.Reflection;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Runtime;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// History pages must not leave a silo-wide entry per page name behind: Orleans' state bridge
/// keeps one for the life of the process per state name, and page numbers never stop growing.
/// </summary>
[Collection(StandardClusterCollection.Name)]
public sealed class HistoryPageStateNamesTests(StandardChatCluster fixture)
{
    [Fact]
    public async Task Writing_and_reloading_pages_registers_no_state_name_per_page()
    {
        var room = fixture.Client.GetGrain<IRoomGrain>(TestIds.Room());
        var user = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = user });
        await RoomMessages.SendAsync(room, user, 5 * StandardChatCluster.HistoryPageSize);
        await fixture.Cluster.DeactivateAsync(room);
        Assert.Equal(5 * StandardChatCluster.HistoryPageSize, (await room.GetHistory(new HistoryRequest { UserId = user.Id })).LastSeq);

        var names = StateNamesKnownToTheSilos();
        Assert.NotEmpty(names); // the room's own state goes through the bridge: the map is the right one
        Assert.DoesNotContain(names, name => name.StartsWith("history-", StringComparison.Ordinal));
    }

    /// <summary>The state names in Orleans' internal StateStorageBridgeSharedMap (Orleans 10.4) of every silo.</summary>
    private List<string> StateNamesKnownToTheSilos() =>
        [.. fixture.Cluster.Silos.SelectMany(silo => StateNamesKnownTo(fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress)))];

    private static IEnumerable<string> StateNamesKnownTo(IServiceProvider silo)
    {
        var mapType = typeof(Grain).Assembly.GetType("Orleans.Core.StateStorageBridgeSharedMap")
            ?? typeof(IGrainContext).Assembly.GetType("Orleans.Core.StateStorageBridgeSharedMap")
            ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType("Orleans.Core.StateStorageBridgeSharedMap")).FirstOrDefault(t => t is not null)
            ?? throw new InvalidOperationException("StateStorageBridgeSharedMap not found: Orleans internals changed");
        var map = silo.GetService(mapType)
            ?? throw new InvalidOperationException("StateStorageBridgeSharedMap is not registered");
        var instances = (IDictionary)(mapType.GetField("_instances", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(map)
            ?? throw new InvalidOperationException("StateStorageBridgeSharedMap._instances not found: Orleans internals changed"));
        return instances.Keys.Cast<object>().Select(key => (string)key.GetType().GetField("Item1")!.GetValue(key)!);
    }
}
