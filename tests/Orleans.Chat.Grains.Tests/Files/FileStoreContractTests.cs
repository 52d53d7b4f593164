using Orleans.Chat.Files;

namespace Orleans.Chat.Grains.Tests.Files;

/// <summary>What every <see cref="IFileStore"/> must do, run against each real store.</summary>
public abstract class FileStoreContractTests
{
    protected const int ChunkBytes = 4096;

    protected abstract IFileStore Store { get; }

    [Fact]
    public async Task Chunks_are_written_read_back_listed_and_replaced()
    {
        var fileId = FileIds.New();
        await Store.WriteChunkAsync(fileId, 2, Bytes(100, 2));
        await Store.WriteChunkAsync(fileId, 0, Bytes(ChunkBytes, 0));
        await Store.WriteChunkAsync(fileId, 0, Bytes(ChunkBytes, 7));

        var buffer = new byte[ChunkBytes];
        Assert.Equal([0, 2], await Store.ListChunksAsync(fileId));
        Assert.Equal(ChunkBytes, await Store.ReadChunkAsync(fileId, 0, buffer));
        Assert.Equal(Bytes(ChunkBytes, 7), buffer);
        Assert.Equal(100, await Store.ReadChunkAsync(fileId, 2, buffer));
        Assert.Equal(Bytes(100, 2), buffer[..100]);
        Assert.Equal(-1, await Store.ReadChunkAsync(fileId, 1, buffer));
        Assert.Equal(-1, await Store.ReadChunkAsync(FileIds.New(), 0, buffer));
        Assert.Empty(await Store.ListChunksAsync(FileIds.New()));
    }

    [Fact]
    public async Task A_sealed_file_keeps_its_chunks_and_takes_no_more_writes()
    {
        var fileId = FileIds.New();
        await Store.WriteChunkAsync(fileId, 0, Bytes(10, 1));

        await Store.SealAsync(fileId, 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteChunkAsync(fileId, 0, Bytes(10, 9)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteChunkAsync(fileId, 1, Bytes(10, 9)));
        var buffer = new byte[10];
        Assert.Equal(10, await Store.ReadChunkAsync(fileId, 0, buffer));
        Assert.Equal(Bytes(10, 1), buffer);
        Assert.Equal([0], await Store.ListChunksAsync(fileId));
    }

    [Fact]
    public async Task Delete_removes_every_chunk_and_may_be_repeated()
    {
        var fileId = FileIds.New();
        await Store.WriteChunkAsync(fileId, 0, Bytes(10, 1));
        await Store.WriteChunkAsync(fileId, 1, Bytes(10, 1));
        await Store.SealAsync(fileId, 2);

        await Store.DeleteAsync(fileId, 2);
        await Store.DeleteAsync(fileId, 2);
        await Store.DeleteAsync(FileIds.New(), 3);

        Assert.Empty(await Store.ListChunksAsync(fileId));
        Assert.Equal(-1, await Store.ReadChunkAsync(fileId, 0, new byte[10]));
    }

    [Fact]
    public async Task Bad_ids_indexes_and_sizes_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteChunkAsync("../escape", 0, Bytes(1, 0)));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListChunksAsync("a/b"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.WriteChunkAsync(FileIds.New(), -1, Bytes(1, 0)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.WriteChunkAsync(FileIds.New(), 0, Bytes(ChunkBytes + 1, 0)));

        var fileId = FileIds.New();
        await Store.WriteChunkAsync(fileId, 0, Bytes(100, 0));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Store.ReadChunkAsync(fileId, 0, new byte[99]));
    }

    protected static byte[] Bytes(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed))];
}
