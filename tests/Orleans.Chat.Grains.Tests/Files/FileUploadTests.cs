using Orleans.Chat.Grains.Files;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Files;

/// <summary>Uploads that succeed: into a room and into a conversation, resumed after a lost grain, completed twice.</summary>
[Collection(FilesClusterCollection.Name)]
public sealed class FileUploadTests(FilesChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;
    private readonly Uploads _uploads = new(fixture.Client, fixture);

    [Fact]
    public async Task A_room_upload_becomes_a_file_message_in_history_that_members_may_download()
    {
        var (alice, bob, stranger) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"), TestIds.UserRef("stranger"));
        var (room, roomId) = await _uploads.RoomAsync(alice, bob);
        var content = Uploads.Text(10_000);

        var (fileId, status) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content, name: "notes.txt");
        Assert.Equal((fileId, FilesClusterFixture.ChunkBytes, 3, 10_000L), (status.UploadId, status.ChunkSize, status.ChunkCount, status.Size));
        Assert.Empty(status.Received);
        Assert.InRange(status.ExpiresAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeMilliseconds());
        await _uploads.SendAllAsync(fileId, alice, content);
        var result = await _uploads.File(fileId).Complete(alice.Id);

        Assert.Equal(ChatError.None, result.Error);
        var file = Assert.IsType<FileRef>(result.File);
        Assert.Equal((fileId, "notes.txt", 10_000L, "text/plain"), (file.Id, file.Name, file.Size, file.MimeType));
        Assert.Null(result.ConversationId);
        var message = (await room.GetHistory(new HistoryRequest { UserId = bob.Id })).Messages.Single();
        Assert.Equal((result.MessageId, result.Seq, result.Timestamp, "file", "notes.txt", alice.Id, file),
            (message.Id, message.Seq, message.Timestamp, message.Type, message.Content, message.UserId, message.File));

        var access = await _uploads.File(fileId).Authorize(bob.Id);
        Assert.Equal((ChatError.None, file, FilesClusterFixture.ChunkBytes, Uploads.Sha256(content)), (access.Error, access.File, access.ChunkSize, access.Sha256));
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).Authorize(stranger.Id)).Error);
        Assert.Equal(content, await _uploads.ReadBackAsync(fileId));
        Assert.Equal(new FileQuotaUsage { StoredBytes = 10_000 }, await _uploads.Quota(alice).GetUsage());
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).GetUpload(alice.Id)).Error);
    }

    [Fact]
    public async Task A_conversation_upload_becomes_a_private_file_message_only_its_two_users_may_download()
    {
        var (alice, bob, carol) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"), TestIds.UserRef("carol"));
        var content = Uploads.Png(5000);

        var (fileId, result) = await _uploads.UploadAsync(alice, Uploads.With(bob), content, name: "photo.png", mimeType: "image/png");

        var conversationId = ConversationIds.For(alice.Id, bob.Id);
        Assert.Equal((conversationId, "image/png", "photo.png"), (result.ConversationId, result.File!.MimeType, result.File.Name));
        var history = await _client.GetGrain<IConversationGrain>(conversationId).GetHistory(new ConversationHistoryRequest { UserId = bob.Id });
        var message = history.Messages.Single();
        Assert.Equal((result.MessageId, result.Seq, "file", "photo.png", alice.Id, bob.Id, result.File),
            (message.Id, message.Seq, message.Type, message.Content, message.FromUserId, message.ToUserId, message.File));
        Assert.Equal(ChatError.None, (await _uploads.File(fileId).Authorize(bob.Id)).Error);
        Assert.Equal(ChatError.None, (await _uploads.File(fileId).Authorize(alice.Id)).Error);
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).Authorize(carol.Id)).Error);
    }

    [Fact]
    public async Task A_repeated_complete_answers_the_same_and_posts_no_second_message()
    {
        var alice = TestIds.UserRef("alice");
        var (room, roomId) = await _uploads.RoomAsync(alice);
        var (fileId, first) = await _uploads.UploadAsync(alice, Uploads.InRoom(roomId), Uploads.Text(100));

        var again = await _uploads.File(fileId).Complete(alice.Id);
        await fixture.Cluster.DeactivateAsync(_uploads.File(fileId));
        var afterReload = await _uploads.File(fileId).Complete(alice.Id);

        Assert.Equal(first, again);
        Assert.Equal(first, afterReload);
        Assert.Single((await room.GetHistory(new HistoryRequest { UserId = alice.Id })).Messages);
        Assert.Equal(100, (await _uploads.Quota(alice).GetUsage()).StoredBytes);
    }

    [Fact]
    public async Task An_upload_resumes_after_its_grain_was_lost_from_the_chunks_in_the_store()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Text(10_000);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);
        await _uploads.SendAllAsync(fileId, alice, content, skip: 1);

        await fixture.Cluster.DeactivateAsync(_uploads.File(fileId));
        var resumed = await _uploads.File(fileId).GetUpload(alice.Id);

        Assert.Equal((ChatError.None, 3), (resumed.Error, resumed.ChunkCount));
        Assert.Equal([0, 2], resumed.Received);
        Assert.Equal(ChatError.UploadIncomplete, (await _uploads.File(fileId).Complete(alice.Id)).Error);
        Assert.Equal(3, (await _uploads.SendChunkAsync(fileId, alice, content, 1)).Received);
        Assert.Equal(ChatError.None, (await _uploads.File(fileId).Complete(alice.Id)).Error);
        Assert.Equal(content, await _uploads.ReadBackAsync(fileId));
    }

    [Fact]
    public async Task The_owner_starting_the_same_upload_again_gets_its_status_and_a_chunk_sent_twice_counts_once()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Text(9000);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);
        await _uploads.SendChunkAsync(fileId, alice, content, 0);

        var again = await _uploads.File(fileId).Start(Uploads.Request(alice, Uploads.InRoom(roomId), content.Length));
        var twice = await _uploads.SendChunkAsync(fileId, alice, content, 0);

        Assert.Equal((ChatError.None, fileId), (again.Error, again.UploadId));
        Assert.Equal([0], again.Received);
        Assert.Equal(1, twice.Received);
        Assert.Equal(1, (await _uploads.Quota(alice).GetUsage()).OpenUploads);
    }

    [Fact]
    public async Task Cancel_removes_the_upload_its_chunks_and_its_reservation()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Text(9000);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);
        await _uploads.SendAllAsync(fileId, alice, content, skip: 2);

        Assert.Equal(ChatError.None, await _uploads.File(fileId).Cancel(alice.Id));

        Assert.Empty(await _uploads.Store.ListChunksAsync(fileId));
        Assert.Equal(new FileQuotaUsage(), await _uploads.Quota(alice).GetUsage());
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).GetUpload(alice.Id)).Error);
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).ChunkStored(alice.Id, 0, FilesClusterFixture.ChunkBytes)).Error);
        Assert.Equal(ChatError.NotFound, await _uploads.File(fileId).Cancel(alice.Id));
    }

    [Fact]
    public async Task A_sealed_file_takes_no_more_chunk_writes()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Text(100);
        var (fileId, _) = await _uploads.UploadAsync(alice, Uploads.InRoom(roomId), content);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _uploads.Store.WriteChunkAsync(fileId, 0, Uploads.Text(50)));

        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).ChunkStored(alice.Id, 0, 100)).Error);
        Assert.Equal(content, await _uploads.ReadBackAsync(fileId));
    }
}
