using Orleans.Chat.Files;
using StackExchange.Redis;

namespace Orleans.Chat.Hosting.Files;

/// <summary>
/// File content in Redis, which every gateway and silo of a cluster reaches: one hash per file
/// ("orleans-chat:file:{id}"), a field per chunk (its index) holding the bytes. An incomplete upload's
/// key expires Files:UploadTimeout after its last write (Redis removes abandoned uploads by itself);
/// sealing sets a "sealed" field and removes the expiry, and a sealed file takes no more writes.
/// Reads lease pooled buffers, so serving a chunk allocates no array of its size.
/// </summary>
/// <remarks>
/// Limits: everything lives in Redis memory (size maxmemory for the files' total, with an eviction
/// policy of noeviction so files are never dropped silently); a chunk is one value (at most
/// Files:ChunkBytes, 1 MB); with persistence off a Redis restart loses the files.
/// </remarks>
public sealed class RedisFileStore(FileStoreRedis redis, TimeSpan uploadTimeout, int maxChunkBytes) : IFileStore
{
    public const string KeyPrefix = "orleans-chat:file:";
    private const string SealedField = "sealed";

    // Atomic, so a chunk re-sent while the upload is being sealed cannot slip in after the check.
    private static readonly LuaScript WriteScript = LuaScript.Prepare(
        "if redis.call('HEXISTS', @key, 'sealed') == 1 then return 0 end " +
        "redis.call('HSET', @key, @field, @data) " +
        "redis.call('PEXPIRE', @key, @ttl) " +
        "return 1");

    // Only a key that still exists: sealing an upload Redis already expired must not leave an empty sealed hash.
    private static readonly LuaScript SealScript = LuaScript.Prepare(
        "if redis.call('EXISTS', @key) == 0 then return 0 end " +
        "redis.call('HSET', @key, 'sealed', '1') " +
        "redis.call('PERSIST', @key) " +
        "return 1");

    private readonly long _ttlMs = (long)uploadTimeout.TotalMilliseconds;

    public static RedisKey Key(string fileId)
    {
        FileIds.EnsureValid(fileId);
        return KeyPrefix + fileId;
    }

    public async Task WriteChunkAsync(string fileId, int index, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, maxChunkBytes, nameof(data));
        var database = await redis.DatabaseAsync();
        var written = await database.ScriptEvaluateAsync(WriteScript, new { key = Key(fileId), field = (RedisValue)index, data = (RedisValue)data, ttl = _ttlMs });
        if ((int)written == 0)
        {
            throw new InvalidOperationException($"File {fileId} is sealed: its chunks cannot be written.");
        }
    }

    public async ValueTask<int> ReadChunkAsync(string fileId, int index, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var database = await redis.DatabaseAsync();
        using var lease = await database.HashGetLeaseAsync(Key(fileId), index);
        if (lease is null)
        {
            return -1;
        }

        if (lease.Length > destination.Length)
        {
            throw new ArgumentException($"Chunk {index} of {fileId} is {lease.Length} bytes, more than the {destination.Length} byte buffer.", nameof(destination));
        }

        lease.Memory.CopyTo(destination);
        return lease.Length;
    }

    public async Task<IReadOnlyList<int>> ListChunksAsync(string fileId, CancellationToken cancellationToken = default)
    {
        var database = await redis.DatabaseAsync();
        var indexes = new List<int>();
        foreach (var field in await database.HashKeysAsync(Key(fileId)))
        {
            if (field != SealedField && field.TryParse(out int index) && index >= 0)
            {
                indexes.Add(index);
            }
        }

        indexes.Sort();
        return indexes;
    }

    public async Task SealAsync(string fileId, int chunkCount, CancellationToken cancellationToken = default)
    {
        var database = await redis.DatabaseAsync();
        await database.ScriptEvaluateAsync(SealScript, new { key = Key(fileId) });
    }

    public async Task DeleteAsync(string fileId, int chunkCount, CancellationToken cancellationToken = default)
    {
        var database = await redis.DatabaseAsync();
        await database.KeyDeleteAsync(Key(fileId));
    }
}
