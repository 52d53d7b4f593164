using System.Security.Cryptography;
using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

/// <summary>Uploads and downloads through the SDK against the real gateway (docs/PROTOCOL.md "Files").</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class FileTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    private const int Chunk = ClientGatewayFixture.ChunkBytes;

    [Fact]
    public async Task An_upload_to_a_room_reports_progress_posts_a_file_message_and_downloads_identical_bytes()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        await alice.JoinRoomAsync(roomId);
        await bob.JoinRoomAsync(roomId);
        var seen = new EventLog<ChatMessage>();
        bob.NewMessage += seen.Handler;
        var bytes = RandomNumberGenerator.GetBytes((10 * Chunk) + 123);
        var progress = new RecordingProgress();

        var ack = await alice.UploadFileAsync(new MemoryStream(bytes), "data.bin", "application/octet-stream", ChatScope.Room(roomId), progress);

        Assert.Equal("data.bin", ack.File.Name);
        Assert.Equal(bytes.Length, ack.File.Size);
        Assert.Equal($"/files/{ack.File.Id}", ack.File.Url);
        Assert.True(ack.Seq >= 1);
        var message = await seen.WaitForAsync(m => m.RoomId == roomId && m.Type == "file", "the file message at bob");
        Assert.Equal(ack.Seq, message.Seq);
        Assert.Equal("data.bin", message.Content);
        Assert.Equal(ack.File, message.File);
        // Progress: 0 first, then after each of the 11 chunks, growing to the total.
        Assert.Equal(12, progress.Values.Count);
        Assert.Equal(0, progress.Values[0]);
        Assert.Equal(bytes.Length, progress.Values[^1]);
        Assert.Equal(progress.Values.Order(), progress.Values);

        Assert.Equal(bytes, await DownloadAsync(bob, message.File!));
        var viaUrl = bob.FileUrl(message.File!);
        Assert.StartsWith($"{Server.BaseUri.ToString().TrimEnd('/')}/files/{ack.File.Id}?token=", viaUrl.ToString(), StringComparison.Ordinal);
        Assert.Equal(bytes, await Server.Http.GetByteArrayAsync(viaUrl));
    }

    [Fact]
    public async Task An_upload_to_a_conversation_from_a_stream_that_cannot_seek_reaches_the_other_user()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var seen = new EventLog<PrivateMessage>();
        bob.PrivateMessage += seen.Handler;
        var bytes = RandomNumberGenerator.GetBytes(3 * Chunk);

        var ack = await alice.UploadFileAsync(new ForwardOnlyStream(bytes), "dm.bin", "application/octet-stream", ChatScope.Conversation(UserIdOf(bob)));

        Assert.NotNull(ack.ConversationId);
        var message = await seen.WaitForAsync(m => m.Type == "file", "the file message at bob");
        Assert.Equal(ack.Seq, message.Seq);
        Assert.Equal(bytes, await DownloadAsync(bob, message.File!));
    }

    [Fact]
    public async Task A_connection_cut_mid_upload_resumes_after_the_reconnect_without_starting_over()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        await alice.JoinRoomAsync(roomId);
        var states = new EventLog<ConnectionState>();
        alice.StateChanged += states.Handler;
        var bytes = RandomNumberGenerator.GetBytes((40 * Chunk) + 7);
        long atCut = -1;
        var progress = new RecordingProgress(sent =>
        {
            // Kill the socket after about 10 chunks, as a network failure would.
            if (atCut < 0 && sent >= 10 * Chunk)
            {
                atCut = sent;
                alice.AbortTransportForTesting();
            }
        });

        var ack = await alice.UploadFileAsync(new MemoryStream(bytes), "resumed.bin", "application/octet-stream", ChatScope.Room(roomId), progress);

        Assert.True(atCut > 0);
        Assert.Contains(ConnectionState.Reconnecting, states.Received);
        // After the cut the reports never fall back below what the server had confirmed (no restart from 0),
        // and there is one report per chunk sent plus one per round: at most the chunks in flight at the cut are repeated.
        var cutAt = progress.Values.IndexOf(atCut);
        Assert.All(progress.Values.Skip(cutAt), v => Assert.True(v >= atCut, $"{v} < {atCut}"));
        Assert.InRange(progress.Values.Count, 41 - 3 + 2, 41 + 3);
        Assert.Equal(bytes.Length, progress.Values[^1]);
        Assert.Equal(bytes, await DownloadAsync(alice, ack.File));
    }

    [Fact]
    public async Task Cancelling_an_upload_throws_and_sends_upload_cancel()
    {
        var roomId = TestIds.Room();
        var userId = TestIds.User("alice");
        var alice = await ConnectedAsync(userId);
        await alice.JoinRoomAsync(roomId);
        // Two incomplete uploads on another connection of alice: the SDK's upload takes the last of Files:MaxConcurrentUploads (3).
        await using var raw = await Server.ConnectAsync(userId);
        for (var i = 0; i < 2; i++)
        {
            await raw.RequestOkAsync("upload-start", new { roomId, name = $"open-{i}.bin", size = 10, mimeType = "application/octet-stream" });
        }

        using var cancel = new CancellationTokenSource();
        var progress = new RecordingProgress(sent =>
        {
            if (sent >= 2 * Chunk)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            alice.UploadFileAsync(new MemoryStream(RandomNumberGenerator.GetBytes(30 * Chunk)), "cancelled.bin", "application/octet-stream", ChatScope.Room(roomId), progress, cancel.Token));
        Assert.True(progress.Values[^1] < 30 * Chunk);

        // The cancel is not awaited by the SDK; once the server ran it, the slot is free again.
        await Eventually.TrueAsync(
            async () => (await raw.RequestAsync("upload-start", new { roomId, name = "third.bin", size = 10, mimeType = "application/octet-stream" })).TryGetProperty("success", out _),
            what: "a third upload-start accepted after the cancel");
    }

    [Fact]
    public async Task Refusals_throw_with_the_server_code()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var mallory = await ConnectedAsync(TestIds.User("mallory"));
        await alice.JoinRoomAsync(roomId);

        var tooBig = await Assert.ThrowsAsync<ChatException>(() =>
            alice.UploadFileAsync(new MemoryStream(new byte[ClientGatewayFixture.MaxFileBytes + 1]), "big.bin", "application/octet-stream", ChatScope.Room(roomId)));
        Assert.Equal(ChatErrorCodes.QuotaExceeded, tooBig.Code);
        var notMember = await Assert.ThrowsAsync<ChatException>(() =>
            mallory.UploadFileAsync(new MemoryStream(new byte[10]), "x.bin", "application/octet-stream", ChatScope.Room(roomId)));
        Assert.Equal(ChatErrorCodes.NotInRoom, notMember.Code);
        var badType = await Assert.ThrowsAsync<ChatException>(() =>
            alice.UploadFileAsync(new MemoryStream(new byte[10]), "x.exe", "application/x-msdownload", ChatScope.Room(roomId)));
        Assert.Equal(ChatErrorCodes.UnsupportedType, badType.Code);

        var ack = await alice.UploadFileAsync(new MemoryStream(new byte[10]), "mine.bin", "application/octet-stream", ChatScope.Room(roomId));
        var hidden = await Assert.ThrowsAsync<ChatException>(() => mallory.DownloadFileAsync(ack.File, Stream.Null));
        Assert.Equal(ChatErrorCodes.NotFound, hidden.Code);
    }

    private static async Task<byte[]> DownloadAsync(ChatClient client, FileRef file)
    {
        using var destination = new MemoryStream();
        await client.DownloadFileAsync(file, destination);
        return destination.ToArray();
    }

    /// <summary>Records each report in order, on the reporting thread (Progress&lt;T&gt; would post them elsewhere, out of order).</summary>
    private sealed class RecordingProgress(Action<long>? onReport = null) : IProgress<long>
    {
        private readonly List<long> _values = [];

        public List<long> Values
        {
            get
            {
                lock (_values)
                {
                    return [.. _values];
                }
            }
        }

        public void Report(long value)
        {
            lock (_values)
            {
                _values.Add(value);
            }

            onReport?.Invoke(value);
        }
    }

    /// <summary>A stream that cannot seek, like a network body: the SDK copies it first.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
