using Orleans.Chat.Grains.Files;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Chat.Files;

namespace Orleans.Chat.Grains.Tests.Files;

/// <summary>Every refusal of an upload, each answered with its error and changing nothing.</summary>
[Collection(FilesClusterCollection.Name)]
public sealed class FileRefusalTests(FilesChatCluster fixture)
{
    private readonly Uploads _uploads = new(fixture.Client, fixture);

    public static TheoryData<string, long, string, string?, ChatError> BadStarts => new()
    {
        { "notes.txt", FilesClusterFixture.MaxBytes + 1, "text/plain", null, ChatError.FileTooLarge },
        { "notes.txt", 0, "text/plain", null, ChatError.InvalidFormat },
        { "notes.txt", -5, "text/plain", null, ChatError.InvalidFormat },
        { "setup.exe", 100, "application/x-msdownload", null, ChatError.UnsupportedType },
        { "page.html", 100, "text/html", null, ChatError.UnsupportedType },
        { "notes.txt", 100, "text", null, ChatError.InvalidFormat },
        { "notes.txt", 100, "", null, ChatError.InvalidFormat },
        { "", 100, "text/plain", null, ChatError.InvalidFormat },
        { "   ", 100, "text/plain", null, ChatError.InvalidFormat },
        { "folder/", 100, "text/plain", null, ChatError.InvalidFormat },
        { "../..", 100, "text/plain", null, ChatError.InvalidFormat },
        { "\u0000\u0007\u202e", 100, "text/plain", null, ChatError.InvalidFormat },
        { new string('n', 256), 100, "text/plain", null, ChatError.InvalidFormat },
        { "notes.txt", 100, "text/plain", new string('A', 64), ChatError.InvalidFormat },
        { "notes.txt", 100, "text/plain", new string('a', 63), ChatError.InvalidFormat },
        { "notes.txt", 100, "text/plain", new string('g', 64), ChatError.InvalidFormat },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task A_start_with_a_bad_size_type_name_or_checksum_is_refused_and_holds_nothing(string name, long size, string mimeType, string? sha256, ChatError expected)
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);
        var fileId = FileIds.New();

        var status = await _uploads.File(fileId).Start(Uploads.Request(alice, Uploads.InRoom(roomId), size, name, mimeType, sha256));

        Assert.Equal(expected, status.Error);
        await AssertNothingHeldAsync(alice, fileId);
    }

    [Fact]
    public async Task A_start_for_a_room_the_user_is_not_in_or_with_no_or_two_scopes_is_refused()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var (_, roomId) = await _uploads.RoomAsync(bob);
        var cases = new (FileScope Scope, ChatError Expected)[]
        {
            (Uploads.InRoom(roomId), ChatError.NotInRoom),
            (Uploads.InRoom(TestIds.Room()), ChatError.NotInRoom),
            (new FileScope(), ChatError.InvalidFormat),
            (new FileScope { RoomId = roomId, WithUserId = bob.Id }, ChatError.InvalidFormat),
            (new FileScope { WithUserId = " " }, ChatError.InvalidFormat),
            (new FileScope { WithUserId = " bob" }, ChatError.InvalidFormat),
            (new FileScope { WithUserId = "bob\n" }, ChatError.InvalidFormat),
            (new FileScope { RoomId = "  " }, ChatError.InvalidFormat),
        };

        foreach (var (scope, expected) in cases)
        {
            var fileId = FileIds.New();
            Assert.Equal(expected, (await _uploads.File(fileId).Start(Uploads.Request(alice, scope, 100))).Error);
            await AssertNothingHeldAsync(alice, fileId);
        }
    }

    [Fact]
    public async Task A_file_id_that_could_leave_the_store_is_refused()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);

        foreach (var fileId in new[] { "../escape", "a/b", "dot.dot", new string('x', 65) })
        {
            Assert.Equal(ChatError.InvalidFormat, (await _uploads.File(fileId).Start(Uploads.Request(alice, Uploads.InRoom(roomId), 100))).Error);
        }

        Assert.Equal(new FileQuotaUsage(), await _uploads.Quota(alice).GetUsage());
    }

    [Fact]
    public async Task The_name_is_cleaned_of_paths_and_control_characters()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);

        var (_, result) = await _uploads.UploadAsync(alice, Uploads.InRoom(roomId), Uploads.Text(10), name: "C:\\Users\\x/../report\u202e\u0000 2024.txt ");

        Assert.Equal("report 2024.txt", result.File!.Name);
    }

    [Fact]
    public async Task Chunks_with_a_bad_index_or_length_are_refused_and_not_counted()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Text(9000); // chunks of 4096, 4096 and 808
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);
        var file = _uploads.File(fileId);

        foreach (var (index, length) in new[] { (-1, 4096), (3, 808), (int.MaxValue, 4096), (0, 4095), (0, 4097), (1, 808), (2, 4096), (2, 807), (2, 0) })
        {
            Assert.Equal(ChatError.InvalidChunk, (await file.ChunkStored(alice.Id, index, length)).Error);
        }

        Assert.Empty((await file.GetUpload(alice.Id)).Received);
        Assert.Equal(1, (await file.ChunkStored(alice.Id, 2, 808)).Received);
    }

    [Fact]
    public async Task Someone_else_cannot_see_feed_complete_cancel_or_take_over_an_upload()
    {
        var (alice, mallory) = (TestIds.UserRef("alice"), TestIds.UserRef("mallory"));
        var (_, roomId) = await _uploads.RoomAsync(alice, mallory);
        var content = Uploads.Text(100);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);
        var file = _uploads.File(fileId);

        Assert.Equal(ChatError.NotFound, (await file.GetUpload(mallory.Id)).Error);
        Assert.Equal(ChatError.NotFound, (await file.ChunkStored(mallory.Id, 0, 100)).Error);
        Assert.Equal(ChatError.NotFound, (await file.Complete(mallory.Id)).Error);
        Assert.Equal(ChatError.NotFound, await file.Cancel(mallory.Id));
        Assert.Equal(ChatError.NotAllowed, (await file.Start(Uploads.Request(mallory, Uploads.InRoom(roomId), 100))).Error);
        Assert.Equal(ChatError.NotFound, (await file.Authorize(alice.Id)).Error);

        Assert.Empty((await file.GetUpload(alice.Id)).Received);
        Assert.Equal(new FileQuotaUsage(), await _uploads.Quota(mallory).GetUsage());
        await _uploads.SendAllAsync(fileId, alice, content);
        Assert.Equal(ChatError.None, (await file.Complete(alice.Id)).Error);
        Assert.Equal(ChatError.NotFound, (await file.Complete(mallory.Id)).Error);
    }

    [Fact]
    public async Task Complete_before_every_chunk_is_stored_is_refused()
    {
        var alice = TestIds.UserRef("alice");
        var (room, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Text(9000);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);
        await _uploads.SendAllAsync(fileId, alice, content, skip: 0);

        Assert.Equal(ChatError.UploadIncomplete, (await _uploads.File(fileId).Complete(alice.Id)).Error);

        Assert.Empty((await room.GetHistory(new HistoryRequest { UserId = alice.Id })).Messages);
        Assert.Equal([1, 2], (await _uploads.File(fileId).GetUpload(alice.Id)).Received);
    }

    [Fact]
    public async Task A_chunk_the_store_lost_makes_complete_incomplete_and_is_asked_for_again()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Text(9000);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);
        await _uploads.SendAllAsync(fileId, alice, content);
        File.Delete(Path.Combine(fixture.Store.Root, fileId, "1"));

        Assert.Equal(ChatError.UploadIncomplete, (await _uploads.File(fileId).Complete(alice.Id)).Error);

        Assert.Equal([0, 2], (await _uploads.File(fileId).GetUpload(alice.Id)).Received);
        await _uploads.SendChunkAsync(fileId, alice, content, 1);
        Assert.Equal(ChatError.None, (await _uploads.File(fileId).Complete(alice.Id)).Error);
    }

    [Fact]
    public async Task A_checksum_mismatch_leaves_the_upload_open_for_the_right_chunk()
    {
        var alice = TestIds.UserRef("alice");
        var (room, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Text(9000);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content);
        var corrupted = (byte[])content.Clone();
        corrupted[5000] ^= 0x01;
        await _uploads.SendAllAsync(fileId, alice, corrupted);

        Assert.Equal(ChatError.ChecksumMismatch, (await _uploads.File(fileId).Complete(alice.Id)).Error);

        Assert.Empty((await room.GetHistory(new HistoryRequest { UserId = alice.Id })).Messages);
        Assert.Equal(3, (await _uploads.File(fileId).GetUpload(alice.Id)).Received.Count);
        await _uploads.SendChunkAsync(fileId, alice, content, 1);
        Assert.Equal(ChatError.None, (await _uploads.File(fileId).Complete(alice.Id)).Error);
        Assert.Equal(content, await _uploads.ReadBackAsync(fileId));
    }

    [Fact]
    public async Task Content_that_sniffs_as_a_type_not_allowed_is_refused_and_removed_whatever_was_declared()
    {
        var alice = TestIds.UserRef("alice");
        var (room, roomId) = await _uploads.RoomAsync(alice);
        var content = Uploads.Binary(6000);
        var (fileId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), content, name: "cat.png", mimeType: "image/png");
        await _uploads.SendAllAsync(fileId, alice, content);

        Assert.Equal(ChatError.UnsupportedType, (await _uploads.File(fileId).Complete(alice.Id)).Error);

        Assert.Empty((await room.GetHistory(new HistoryRequest { UserId = alice.Id })).Messages);
        await AssertNothingHeldAsync(alice, fileId);
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).Complete(alice.Id)).Error);
    }

    [Fact]
    public async Task Stored_bytes_and_reservations_are_held_to_the_quota()
    {
        var alice = TestIds.UserRef("alice");
        var (room, roomId) = await _uploads.RoomAsync(alice);
        await _uploads.UploadAsync(alice, Uploads.InRoom(roomId), Uploads.Text(20_000));
        await _uploads.UploadAsync(alice, Uploads.InRoom(roomId), Uploads.Text(20_000));
        var (openId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), Uploads.Text(9_000));

        var refused = FileIds.New();
        Assert.Equal(ChatError.UploadQuotaExceeded, (await _uploads.File(refused).Start(Uploads.Request(alice, Uploads.InRoom(roomId), 1_001))).Error);
        Assert.Equal(new FileQuotaUsage { StoredBytes = 40_000, ReservedBytes = 9_000, OpenUploads = 1 }, await _uploads.Quota(alice).GetUsage());

        // Deleting a file message gives its bytes back.
        var first = (await room.GetHistory(new HistoryRequest { UserId = alice.Id })).Messages[0];
        Assert.Equal(ChatError.None, (await room.Delete(new DeleteMessageRequest { User = alice, Seq = first.Seq })).Error);
        Assert.Equal(ChatError.None, (await _uploads.File(refused).Start(Uploads.Request(alice, Uploads.InRoom(roomId), 1_001))).Error);
        Assert.Equal(ChatError.None, await _uploads.File(openId).Cancel(alice.Id));
        Assert.Equal(new FileQuotaUsage { StoredBytes = 20_000, ReservedBytes = 1_001, OpenUploads = 1 }, await _uploads.Quota(alice).GetUsage());
    }

    [Fact]
    public async Task Incomplete_uploads_are_capped_per_user()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);
        var (firstId, _) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), Uploads.Text(10));
        await _uploads.StartAsync(alice, Uploads.InRoom(roomId), Uploads.Text(10));

        var third = FileIds.New();
        Assert.Equal(ChatError.TooManyUploads, (await _uploads.File(third).Start(Uploads.Request(alice, Uploads.InRoom(roomId), 10))).Error);
        Assert.Equal(ChatError.NotFound, (await _uploads.File(third).GetUpload(alice.Id)).Error);

        // A completed upload no longer counts.
        await _uploads.SendAllAsync(firstId, alice, Uploads.Text(10));
        Assert.Equal(ChatError.None, (await _uploads.File(firstId).Complete(alice.Id)).Error);
        Assert.Equal(ChatError.None, (await _uploads.File(third).Start(Uploads.Request(alice, Uploads.InRoom(roomId), 10))).Error);
    }

    [Fact]
    public async Task A_reservation_whose_upload_is_gone_is_given_back_when_the_cap_is_reached()
    {
        var alice = TestIds.UserRef("alice");
        var (_, roomId) = await _uploads.RoomAsync(alice);
        // As if an upload's grain had reserved and then been lost before storing its state.
        Assert.Equal(ChatError.None, await _uploads.Quota(alice).Reserve(FileIds.New(), 10));
        Assert.Equal(ChatError.None, await _uploads.Quota(alice).Reserve(FileIds.New(), 10));

        var (_, status) = await _uploads.StartAsync(alice, Uploads.InRoom(roomId), Uploads.Text(10));

        Assert.Equal(ChatError.None, status.Error);
        Assert.Equal(new FileQuotaUsage { ReservedBytes = 10, OpenUploads = 1 }, await _uploads.Quota(alice).GetUsage());
    }

    [Fact]
    public async Task Clients_cannot_post_file_messages_nor_attach_files_to_other_types()
    {
        var alice = TestIds.UserRef("alice");
        var (room, _) = await _uploads.RoomAsync(alice);
        var fake = new FileRef { Id = FileIds.New(), Name = "x.png", Size = 1, MimeType = "image/png" };
        var conversation = fixture.Client.GetGrain<IConversationGrain>(ConversationIds.For(alice.Id, "bob"));

        Assert.Equal(ChatError.InvalidFormat, (await room.Send(new SendMessageRequest { Sender = alice, Content = "x.png", Type = "file" })).Error);
        Assert.Equal(ChatError.InvalidFormat, (await room.Send(new SendMessageRequest { Sender = alice, Content = "hi", File = fake })).Error);
        Assert.Equal(ChatError.InvalidFormat, (await conversation.Send(new SendPrivateMessageRequest { Sender = alice, RecipientId = "bob", Content = "x.png", Type = "file" })).Error);
        Assert.Equal(ChatError.InvalidFormat, (await conversation.Send(new SendPrivateMessageRequest { Sender = alice, RecipientId = "bob", Content = "hi", File = fake })).Error);
        Assert.Empty((await room.GetHistory(new HistoryRequest { UserId = alice.Id })).Messages);
    }

    private async Task AssertNothingHeldAsync(UserRef user, string fileId)
    {
        Assert.Equal(new FileQuotaUsage(), await _uploads.Quota(user).GetUsage());
        Assert.Equal(ChatError.NotFound, (await _uploads.File(fileId).GetUpload(user.Id)).Error);
        Assert.Empty(await _uploads.Store.ListChunksAsync(fileId));
    }
}
