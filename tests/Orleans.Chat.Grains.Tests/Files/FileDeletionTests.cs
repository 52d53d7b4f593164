using Orleans.Chat.Grains.Files;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Files;

/// <summary>Deleting a file's message deletes its content and gives back the quota; a post that fails keeps the sealed file for a retry.</summary>
[Collection(FilesClusterCollection.Name)]
public sealed class FileDeletionTests(FilesChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;
    private readonly Uploads _uploads = new(fixture.Client, fixture);

    [Fact]
    public async Task Deleting_a_room_file_message_removes_the_content_and_frees_the_quota()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var (room, roomId) = await _uploads.RoomAsync(alice, bob);
        var (fileId, result) = await _uploads.UploadAsync(alice, Uploads.InRoom(roomId), Uploads.Text(9000));

        Assert.Equal(ChatError.None, (await room.Delete(new DeleteMessageRequest { User = alice, Seq = result.Seq })).Error);

        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).Authorize(bob.Id)).Error);
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).Authorize(alice.Id)).Error);
        Assert.Empty(await _uploads.Store.ListChunksAsync(fileId));
        Assert.Equal(new FileQuotaUsage(), await _uploads.Quota(alice).GetUsage());
        var tombstone = (await room.GetHistory(new HistoryRequest { UserId = bob.Id })).Messages.Single();
        Assert.Equal((true, "", fileId), (tombstone.Deleted, tombstone.Content, tombstone.File?.Id));

        // A repeated delete, a repeated complete and a start on the same id change nothing.
        Assert.Equal(ChatError.None, (await room.Delete(new DeleteMessageRequest { User = alice, Seq = result.Seq })).Error);
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).Complete(alice.Id)).Error);
        Assert.Equal(ChatError.NotAllowed, (await _uploads.File(fileId).Start(Uploads.Request(alice, Uploads.InRoom(roomId), 10))).Error);
        Assert.Equal(new FileQuotaUsage(), await _uploads.Quota(alice).GetUsage());
    }

    [Fact]
    public async Task A_moderator_deleting_a_members_file_removes_its_content()
    {
        var (owner, member) = (TestIds.UserRef("owner"), TestIds.UserRef("member"));
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        Assert.Equal(ChatError.None, (await room.Create(new CreateRoomRequest { Owner = owner, Visibility = RoomVisibility.Public })).Error);
        Assert.Equal(ChatError.None, (await room.Join(new JoinRoomRequest { User = member })).Error);
        var (fileId, result) = await _uploads.UploadAsync(member, Uploads.InRoom(roomId), Uploads.Png(3000), name: "a.png", mimeType: "image/png");

        Assert.Equal(ChatError.None, (await room.Delete(new DeleteMessageRequest { User = owner, Seq = result.Seq })).Error);

        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).Authorize(owner.Id)).Error);
        Assert.Empty(await _uploads.Store.ListChunksAsync(fileId));
        Assert.Equal(new FileQuotaUsage(), await _uploads.Quota(member).GetUsage());
    }

    [Fact]
    public async Task Deleting_a_conversation_file_message_removes_the_content_and_frees_the_quota()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var (fileId, result) = await _uploads.UploadAsync(alice, Uploads.With(bob), Uploads.Text(5000));
        var conversation = _client.GetGrain<IConversationGrain>(result.ConversationId!);

        Assert.Equal(ChatError.NotAllowed, (await conversation.Delete(new DeleteMessageRequest { User = bob, Seq = result.Seq })).Error);
        Assert.Equal(ChatError.None, (await _uploads.File(fileId).Authorize(bob.Id)).Error);
        Assert.Equal(ChatError.None, (await conversation.Delete(new DeleteMessageRequest { User = alice, Seq = result.Seq })).Error);

        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).Authorize(bob.Id)).Error);
        Assert.Empty(await _uploads.Store.ListChunksAsync(fileId));
        Assert.Equal(new FileQuotaUsage(), await _uploads.Quota(alice).GetUsage());
        var tombstone = (await conversation.GetHistory(new ConversationHistoryRequest { UserId = bob.Id })).Messages.Single();
        Assert.Equal((true, fileId), (tombstone.Deleted, tombstone.File?.Id));
    }

    [Fact]
    public async Task Leaving_the_room_stops_downloads_and_a_post_that_fails_keeps_the_sealed_file_for_a_retry()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var (room, roomId) = await _uploads.RoomAsync(alice, bob);
        var content = Uploads.Text(5000);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);
        await _uploads.SendAllAsync(fileId, alice, content);
        Assert.Equal(ChatError.None, await room.Leave(alice.Id));

        Assert.Equal(ChatError.NotInRoom, (await _uploads.File(fileId).Complete(alice.Id)).Error);

        Assert.Equal(ChatError.None, (await _uploads.File(fileId).GetUpload(alice.Id)).Error);
        Assert.Equal(new FileQuotaUsage { StoredBytes = 5000 }, await _uploads.Quota(alice).GetUsage());
        Assert.Equal(ChatError.None, (await room.Join(new JoinRoomRequest { User = alice })).Error);
        var result = await _uploads.File(fileId).Complete(alice.Id);
        Assert.Equal(ChatError.None, result.Error);
        Assert.Equal(result.MessageId, (await room.GetHistory(new HistoryRequest { UserId = bob.Id })).Messages.Single().Id);

        Assert.Equal(ChatError.None, await room.Leave(bob.Id));
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).Authorize(bob.Id)).Error);
        Assert.Equal(ChatError.None, (await _uploads.File(fileId).Authorize(alice.Id)).Error);
    }
}
