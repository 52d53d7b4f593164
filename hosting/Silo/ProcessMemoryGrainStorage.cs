using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Chat.Hosting;

/// <summary>
/// The "chat" grain storage of a single-node silo: state held in this process, each write kept as a
/// deep copy (so later changes to the grain's state do not reach the store) with an ETag that must
/// match on the next write or clear.
/// </summary>
/// <remarks>
/// Orleans' memory storage sends every write to a storage grain as a serialized copy: a history page
/// is written on every message, and that grain call with the page's serialization and copy was about
/// half of all bytes allocated per message in many-rooms-200x10. In one process the store needs neither:
/// the deep copier copies the page's list and shares its immutable messages. The store is as durable as
/// Orleans' memory storage (the process's lifetime). Several silos of one cluster in this process (a
/// test cluster) share it, so a grain reactivated on another of them reads what it wrote.
/// </remarks>
internal sealed class ProcessMemoryGrainStorage(string clusterKey, DeepCopier copier) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<(string, GrainId), Entry>> Clusters = new();

    private readonly ConcurrentDictionary<(string, GrainId), Entry> _store = Clusters.GetOrAdd(clusterKey, _ => new());

    // Process-wide, so that silos sharing a store never hand out the same ETag.
    private static long s_lastETag;

    /// <summary>
    /// The store's key: one per cluster, so clusters in one process do not share state. Single-node
    /// gateways in one process (the gateway tests) share the default ids, so the primary silo's
    /// endpoint of localhost clustering (each gateway's own) is part of the key.
    /// </summary>
    public static string ClusterKey(ClusterOptions cluster, System.Net.IPEndPoint? primarySilo = null) =>
        $"{cluster.ServiceId}/{cluster.ClusterId}/{primarySilo}";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_store.TryGetValue((stateName, grainId), out var entry))
        {
            grainState.State = copier.Copy((T)entry.State);
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var next = new Entry(copier.Copy(grainState.State)!, NewETag());
        while (true)
        {
            if (_store.TryGetValue(key, out var current))
            {
                Check(current, grainState.ETag, stateName, grainId);
                if (_store.TryUpdate(key, next, current))
                {
                    break;
                }
            }
            else if (_store.TryAdd(key, next))
            {
                break;
            }
        }

        grainState.ETag = next.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        if (_store.TryGetValue(key, out var current))
        {
            Check(current, grainState.ETag, stateName, grainId);
            _store.TryRemove(KeyValuePair.Create(key, current));
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static void Check(Entry current, string? etag, string stateName, GrainId grainId)
    {
        if (!string.Equals(current.ETag, etag, StringComparison.Ordinal))
        {
            throw new InconsistentStateException($"ETag mismatch writing {stateName} of {grainId}", current.ETag, etag);
        }
    }

    private static string NewETag() => Interlocked.Increment(ref s_lastETag).ToString(CultureInfo.InvariantCulture);

    private sealed record Entry(object State, string ETag);
}
