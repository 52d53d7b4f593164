using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Hosting.Files;
using StackExchange.Redis;
using Orleans.Chat.Files;

namespace Orleans.Chat.Grains.Tests.Files;

public sealed class RedisFileStoreTests : FileStoreContractTests, IClassFixture<RedisServer>, IAsyncDisposable
{
    private static readonly TimeSpan UploadTimeout = TimeSpan.FromSeconds(1);

    private readonly FileStoreRedis _redis;
    private readonly RedisFileStore _store;

    public RedisFileStoreTests(RedisServer server)
    {
        _redis = server.Connect();
        _store = new RedisFileStore(_redis, UploadTimeout, ChunkBytes);
    }

    protected override IFileStore Store => _store;

    [Fact]
    public async Task An_incomplete_upload_expires_after_the_timeout_from_its_last_write_and_a_sealed_one_never()
    {
        var (idle, sealedId) = (FileIds.New(), FileIds.New());
        await _store.WriteChunkAsync(idle, 0, Bytes(10, 0));
        await _store.WriteChunkAsync(sealedId, 0, Bytes(10, 0));
        await _store.SealAsync(sealedId, 1);
        var database = await _redis.DatabaseAsync();

        Assert.InRange((await database.KeyTimeToLiveAsync(RedisFileStore.Key(idle)))!.Value, TimeSpan.FromMilliseconds(1), UploadTimeout);
        Assert.Null(await database.KeyTimeToLiveAsync(RedisFileStore.Key(sealedId)));
        await Eventually.TrueAsync(async () => (await _store.ListChunksAsync(idle)).Count == 0, what: "the idle upload expired");
        await Task.Delay(UploadTimeout);
        Assert.Equal([0], await _store.ListChunksAsync(sealedId));
    }

    [Fact]
    public async Task Sealing_an_upload_redis_already_expired_leaves_no_key()
    {
        var fileId = FileIds.New();

        await _store.SealAsync(fileId, 1);

        Assert.False(await (await _redis.DatabaseAsync()).KeyExistsAsync(RedisFileStore.Key(fileId)));
    }

    [Fact]
    public async Task Chunks_live_in_one_hash_per_file_under_the_documented_key()
    {
        var fileId = FileIds.New();
        await _store.WriteChunkAsync(fileId, 3, Bytes(10, 0));

        var value = await (await _redis.DatabaseAsync()).HashGetAsync((RedisKey)("orleans-chat:file:" + fileId), 3);

        Assert.Equal(Bytes(10, 0), (byte[])value!);
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
