using System.Diagnostics;
using System.Net;
using Orleans.Chat.Bench.Measurement;
using Orleans.Chat.Bench.Protocols;

namespace Orleans.Chat.Bench.Clients;

/// <summary>A scenario's clients: connects, joins and closes them with bounded concurrency.</summary>
public sealed class ClientFleet(IPEndPoint server, ClientProtocol protocol, Func<string, string> tokenFor, LiveStats stats)
{
    private readonly List<BenchClient> _clients = [];

    public IReadOnlyList<BenchClient> Clients => _clients;

    public LiveStats Stats { get; } = stats;

    /// <summary>Connect time of each successful connection, from TCP connect to a ready session.</summary>
    public LatencyHistogram ConnectTimes { get; } = new();

    public int ConnectFailures { get; private set; }

    /// <summary>
    /// The servers to spread clients over (a cluster's gateways), <paramref name="server"/> alone by default.
    /// Client i of group g (a room's members) goes to <c>Endpoints[(i + g) % n]</c>: a group's members
    /// alternate, and the groups' first members (the senders of many-rooms) alternate too.
    /// </summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; init; } = [server];

    /// <summary>Clients per group (a room's members), for <see cref="Endpoints"/>.</summary>
    public int GroupSize { get; init; } = 1;

    /// <summary>Creates and connects <paramref name="count"/> clients for users prefix-0 .. prefix-(count-1).</summary>
    public async Task<IReadOnlyList<BenchClient>> ConnectAsync(string userPrefix, int count, int concurrency, bool idle, CancellationToken cancellationToken)
    {
        var created = new BenchClient[count];
        var first = _clients.Count;
        for (var i = 0; i < count; i++)
        {
            var userId = $"{userPrefix}-{i}";
            created[i] = new BenchClient(first + i, userId, tokenFor(userId), protocol, Stats);
        }

        var failures = 0;
        await Parallel.ForEachAsync(created, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (client, ct) =>
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                await client.ConnectAsync(EndpointOf(client.Index), idle, ct);
                ConnectTimes.Record(BenchClient.MicrosSince(start));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (Interlocked.Increment(ref failures) <= 3)
                {
                    Stats.Sample($"connect: {ex.GetType().Name}: {ex.Message}");
                }
            }
        });

        ConnectFailures += failures;
        var connected = created.Where(c => c.IsReady).ToList();
        foreach (var failed in created.Where(c => !c.IsReady))
        {
            failed.Abort();
        }

        _clients.AddRange(connected);
        return connected;
    }

    /// <summary>Joins each client to its room; returns how many joins failed.</summary>
    public async Task<int> JoinAsync(IEnumerable<(BenchClient Client, RoomLedger Room)> joins, int concurrency, CancellationToken cancellationToken)
    {
        var failures = 0;
        await Parallel.ForEachAsync(joins, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (join, _) =>
        {
            try
            {
                var ack = await join.Client.JoinAsync(join.Room);
                if (!ack.Success)
                {
                    Interlocked.Increment(ref failures);
                }
            }
            catch (Exception ex) when (ex is IOException or TimeoutException)
            {
                if (Interlocked.Increment(ref failures) <= 3)
                {
                    Stats.Sample($"join: {ex.Message}");
                }
            }
        });

        return failures;
    }

    /// <summary>Sends the protocol's keep-alive on every open client every <paramref name="interval"/> until cancelled.</summary>
    public async Task KeepAliveAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (interval == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var client in _clients.ToArray())
                {
                    await client.SendKeepAliveAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
    }

    private IPEndPoint EndpointOf(int index) =>
        Endpoints.Count == 1 ? Endpoints[0] : Endpoints[((index % GroupSize) + (index / GroupSize)) % Endpoints.Count];

    public async Task CloseAllAsync(int concurrency = 256)
    {
        await Parallel.ForEachAsync(_clients, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (client, _) => await client.CloseAsync());
        _clients.Clear();
    }
}
