namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>
/// Rooms whose grains are known to live on each silo. Orleans' default (resource-optimized)
/// placement puts a new grain on the silo with the best load score as last published, so a young,
/// lightly loaded cluster can put dozens of rooms in a row on the same silo. Rooms are opened in
/// small batches (a join and one message each, by a helper user) until every silo hosts enough.
/// </summary>
public static class RoomPlacement
{
    private const int BatchSize = 4;

    /// <summary>For each running silo, <paramref name="perSilo"/> rooms it hosts; each room holds one message (seq 1).</summary>
    public static async Task<IReadOnlyDictionary<SiloNode, IReadOnlyList<string>>> OpenRoomsOnEverySiloAsync(
        ChatCluster cluster, GatewayNode gateway, int perSilo, TimeSpan timeout)
    {
        var helperId = TestIds.User();
        await using var helper = await gateway.ConnectAsync(helperId);
        var rooms = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var batch = Enumerable.Range(0, BatchSize).Select(_ => TestIds.Room()).ToList();
            foreach (var room in batch)
            {
                await helper.RequestOkAsync("join-room", room, TimeSpan.FromSeconds(30));
                await helper.RequestOkAsync("message", new { roomId = room, content = $"opened {room}" }, TimeSpan.FromSeconds(30));
            }

            rooms.AddRange(batch);
            var placement = await WaitForPlacementAsync(cluster, rooms, deadline);
            if (placement.Values.All(hosted => hosted.Count >= perSilo))
            {
                cluster.Log($"opened {rooms.Count} rooms to get {perSilo} on every silo: {Describe(placement)}");
                return placement.ToDictionary(entry => entry.Key, entry => (IReadOnlyList<string>)[.. entry.Value.Take(perSilo)]);
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"After {timeout.TotalSeconds:0} s and {rooms.Count} rooms, not every silo hosts {perSilo} rooms: {Describe(placement)}");
            }
        }
    }

    /// <summary>Which of the rooms each silo activated, once every room's activation is in some silo's log.</summary>
    private static async Task<Dictionary<SiloNode, List<string>>> WaitForPlacementAsync(ChatCluster cluster, IReadOnlyList<string> rooms, DateTime deadline)
    {
        while (true)
        {
            var placement = cluster.Silos.ToDictionary(silo => silo, silo => silo.ActivatedRooms().Where(rooms.Contains).ToList());
            if (rooms.All(room => placement.Values.Any(hosted => hosted.Contains(room))) || DateTime.UtcNow > deadline)
            {
                return placement;
            }

            // The "room loaded" line is written asynchronously.
            await Task.Delay(100);
        }
    }

    private static string Describe(Dictionary<SiloNode, List<string>> placement) =>
        string.Join("; ", placement.Select(entry => $"{entry.Key.Name} hosts {entry.Value.Count}"));
}
