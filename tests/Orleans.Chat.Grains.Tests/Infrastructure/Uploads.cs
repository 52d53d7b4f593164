using System.Security.Cryptography;
using System.Text;
using Orleans.Chat.Grains.Files;
using Orleans.Chat.Model;
using Orleans.Chat.Files;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Drives uploads as a gateway does: start at the file grain, chunks into the store, each reported to the grain.</summary>
internal sealed class Uploads(IClusterClient client, FilesClusterFixture fixture)
{
    public IFileStore Store { get; } = fixture.Store;

    public static FileScope InRoom(string roomId) => new() { RoomId = roomId };

    public static FileScope With(UserRef user) => new() { WithUserId = user.Id };

    /// <summary>ASCII text of the given length (sniffs as text/plain).</summary>
    public static byte[] Text(int length) =>
        [.. Enumerable.Range(0, length).Select(i => (byte)('a' + (i % 26)))];

    /// <summary>A PNG signature followed by random bytes (sniffs as image/png).</summary>
    public static byte[] Png(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>Bytes no sniffer recognises, with a NUL so they are not text (sniffs as application/octet-stream).</summary>
    public static byte[] Binary(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        bytes[0] = 0x00;
        bytes[1] = 0x01;
        return bytes;
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static UploadStartRequest Request(UserRef user, FileScope scope, long size, string name = "notes.txt", string mimeType = "text/plain", string? sha256 = null) =>
        new() { Uploader = user, Scope = scope, Name = name, Size = size, MimeType = mimeType, Sha256 = sha256 };

    public IFileGrain File(string fileId) => client.GetGrain<IFileGrain>(fileId);

    public IUserFilesGrain Quota(UserRef user) => client.GetGrain<IUserFilesGrain>(user.Id);

    /// <summary>Starts an upload of <paramref name="content"/> under a new id; asserts it opened.</summary>
    public async Task<(string FileId, UploadStatus Status)> StartAsync(UserRef user, FileScope scope, byte[] content, string name = "notes.txt", string mimeType = "text/plain", bool declareSha = true)
    {
        var fileId = FileIds.New();
        var status = await File(fileId).Start(Request(user, scope, content.Length, name, mimeType, declareSha ? Sha256(content) : null));
        Assert.Equal(ChatError.None, status.Error);
        return (fileId, status);
    }

    /// <summary>Writes and reports chunk <paramref name="index"/> of <paramref name="content"/>.</summary>
    public async Task<ChunkResult> SendChunkAsync(string fileId, UserRef user, byte[] content, int index, int chunkSize = FilesClusterFixture.ChunkBytes)
    {
        var chunk = content.AsMemory(index * chunkSize, Math.Min(chunkSize, content.Length - index * chunkSize));
        await Store.WriteChunkAsync(fileId, index, chunk);
        return await File(fileId).ChunkStored(user.Id, index, chunk.Length);
    }

    /// <summary>Sends every chunk (but the skipped ones); asserts each was taken.</summary>
    public async Task SendAllAsync(string fileId, UserRef user, byte[] content, params int[] skip)
    {
        var count = (content.Length + FilesClusterFixture.ChunkBytes - 1) / FilesClusterFixture.ChunkBytes;
        for (var index = 0; index < count; index++)
        {
            if (!skip.Contains(index))
            {
                Assert.Equal(ChatError.None, (await SendChunkAsync(fileId, user, content, index)).Error);
            }
        }
    }

    /// <summary>A whole upload that completes; asserts success.</summary>
    public async Task<(string FileId, UploadCompleteResult Result)> UploadAsync(UserRef user, FileScope scope, byte[] content, string name = "notes.txt", string mimeType = "text/plain")
    {
        var (fileId, _) = await StartAsync(user, scope, content, name, mimeType);
        await SendAllAsync(fileId, user, content);
        var result = await File(fileId).Complete(user.Id);
        Assert.Equal(ChatError.None, result.Error);
        return (fileId, result);
    }

    /// <summary>The content as the store has it, chunk by chunk.</summary>
    public async Task<byte[]> ReadBackAsync(string fileId)
    {
        var buffer = new byte[FilesClusterFixture.ChunkBytes];
        var content = new List<byte>();
        foreach (var index in await Store.ListChunksAsync(fileId))
        {
            var length = await Store.ReadChunkAsync(fileId, index, buffer);
            content.AddRange(buffer.AsSpan(0, length).ToArray());
        }

        return [.. content];
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>A room with these members (the first creates it by joining).</summary>
    public async Task<(IRoomGrain Room, string RoomId)> RoomAsync(params UserRef[] members)
    {
        var roomId = TestIds.Room();
        var room = client.GetGrain<IRoomGrain>(roomId);
        foreach (var member in members)
        {
            Assert.Equal(ChatError.None, (await room.Join(new JoinRoomRequest { User = member })).Error);
        }

        return (room, roomId);
    }
}
