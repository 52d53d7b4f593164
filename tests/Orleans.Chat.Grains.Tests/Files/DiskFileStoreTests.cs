using Orleans.Chat.Files;
using Orleans.Chat.Hosting.Files;

namespace Orleans.Chat.Grains.Tests.Files;

public sealed class DiskFileStoreTests : FileStoreContractTests, IDisposable
{
    private readonly DiskFileStore _store = new(Directory.CreateTempSubdirectory("orleans-chat-disk-store-").FullName, ChunkBytes);

    protected override IFileStore Store => _store;

    [Fact]
    public async Task The_sweep_removes_incomplete_uploads_idle_past_the_cutoff_but_not_sealed_files_or_recent_uploads()
    {
        var (idle, recent, sealedId) = (FileIds.New(), FileIds.New(), FileIds.New());
        await _store.WriteChunkAsync(idle, 0, Bytes(10, 0));
        await _store.WriteChunkAsync(sealedId, 0, Bytes(10, 0));
        await _store.SealAsync(sealedId, 1);
        File.SetLastWriteTimeUtc(Path.Combine(_store.Root, idle, DiskFileStore.IncompleteMarker), DateTime.UtcNow.AddMinutes(-5));
        await _store.WriteChunkAsync(recent, 0, Bytes(10, 0));

        Assert.Equal(1, await _store.SweepAsync(TimeSpan.FromMinutes(1)));

        Assert.Empty(await _store.ListChunksAsync(idle));
        Assert.Equal([0], await _store.ListChunksAsync(recent));
        Assert.Equal([0], await _store.ListChunksAsync(sealedId));
    }

    [Fact]
    public async Task A_write_refreshes_the_idle_clock()
    {
        var fileId = FileIds.New();
        await _store.WriteChunkAsync(fileId, 0, Bytes(10, 0));
        var marker = Path.Combine(_store.Root, fileId, DiskFileStore.IncompleteMarker);
        File.SetLastWriteTimeUtc(marker, DateTime.UtcNow.AddMinutes(-5));

        await _store.WriteChunkAsync(fileId, 1, Bytes(10, 0));

        Assert.InRange(File.GetLastWriteTimeUtc(marker), DateTime.UtcNow.AddSeconds(-10), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(0, await _store.SweepAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Concurrent_first_writes_of_one_upload_all_land_and_leave_no_temporary_files()
    {
        var fileId = FileIds.New();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(index => Task.Run(() => _store.WriteChunkAsync(fileId, index, Bytes(ChunkBytes, index)))));

        Assert.Equal(Enumerable.Range(0, 16), await _store.ListChunksAsync(fileId));
        Assert.Equal([DiskFileStore.IncompleteMarker], Directory.EnumerateFiles(Path.Combine(_store.Root, fileId)).Select(Path.GetFileName).Where(name => name!.StartsWith('.')));
        Assert.Equal([fileId], Directory.EnumerateDirectories(_store.Root).Select(Path.GetFileName));
    }

    public void Dispose() => Directory.Delete(_store.Root, recursive: true);
}
