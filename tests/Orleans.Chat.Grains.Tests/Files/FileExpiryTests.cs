using Orleans.Chat.Grains.Files;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Files;

/// <summary>Incomplete uploads idle for Files:UploadTimeout (2 s here) are removed with their chunks, and their quota comes back.</summary>
[Collection(ShortUploadClusterCollection.Name)]
public sealed class FileExpiryTests(ShortUploadChatCluster fixture)
{
    private readonly Uploads _uploads = new(fixture.Client, fixture);

    [Fact]
    public async Task An_idle_upload_expires_its_chunks_are_removed_and_its_reservation_freed()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Text(9000);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);
        await _uploads.SendChunkAsync(fileId, alice, content, 0);

        await Eventually.TrueAsync(async () => (await _uploads.Quota(alice).GetUsage()).OpenUploads == 0, what: "the upload expired");

        Assert.Empty(await _uploads.Store.ListChunksAsync(fileId));
        Assert.False(Directory.Exists(Path.Combine(fixture.Store.Root, fileId)));
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).GetUpload(alice.Id)).Error);
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).ChunkStored(alice.Id, 1, 4096)).Error);
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).Complete(alice.Id)).Error);
    }

    [Fact]
    public async Task Chunks_keep_an_upload_alive_past_the_timeout()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Text(4 * 4096);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);

        for (var index = 0; index < 4; index++)
        {
            await Task.Delay(ShortUploadChatCluster.Timeout / 2);
            Assert.Equal(ChatError.None, (await _uploads.SendChunkAsync(fileId, alice, content, index)).Error);
        }

        Assert.Equal(ChatError.None, (await _uploads.File(fileId).Complete(alice.Id)).Error);
    }

    [Fact]
    public async Task An_upload_whose_grain_was_lost_and_expired_meanwhile_is_removed_when_it_next_activates()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Text(9000);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);
        await _uploads.SendChunkAsync(fileId, alice, content, 0);
        await fixture.Cluster.DeactivateAsync(_uploads.File(fileId));
        Assert.Equal(1, (await _uploads.Quota(alice).GetUsage()).OpenUploads);

        await Task.Delay(ShortUploadChatCluster.Timeout + TimeSpan.FromMilliseconds(500));

        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).GetUpload(alice.Id)).Error);
        Assert.Empty(await _uploads.Store.ListChunksAsync(fileId));
        Assert.Equal(new FileQuotaUsage(), await _uploads.Quota(alice).GetUsage());
    }

    [Fact]
    public async Task A_sealed_file_whose_post_failed_expires_too_and_gives_back_its_bytes()
    {
        var alice = TestIds.UserRef("alice");
        var (room, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Text(100);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);
        await _uploads.SendAllAsync(fileId, alice, content);
        Assert.Equal(ChatError.None, await room.Leave(alice.Id));
        Assert.Equal(ChatError.NotInRoom, (await _uploads.File(fileId).Complete(alice.Id)).Error);
        Assert.Equal(100, (await _uploads.Quota(alice).GetUsage()).StoredBytes);

        await Eventually.TrueAsync(async () => (await _uploads.Quota(alice).GetUsage()).StoredBytes == 0, what: "the sealed file expired");

        Assert.Empty(await _uploads.Store.ListChunksAsync(fileId));
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).GetUpload(alice.Id)).Error);
    }
}
