using System.Text.Json.Serialization;

namespace Orleans.Chat.Gateway.Files;

/// <summary>upload-start: a new upload {roomId | withUserId, name, size, mimeType, sha256?}, or a resume {uploadId}.</summary>
internal sealed record UploadStartPayload(
    string? UploadId,
    string? RoomId,
    string? WithUserId,
    string? Name,
    long? Size,
    string? MimeType,
    string? Sha256);

/// <summary>upload-complete and upload-cancel: {uploadId}.</summary>
internal sealed record UploadIdPayload(string? UploadId);

public sealed record UploadStartAck(string UploadId, int ChunkSize, int ChunkCount, IReadOnlyList<int> Received, long ExpiresAt)
{
    public bool Success => true;
}

public sealed record UploadChunkAck(int Received)
{
    public bool Success => true;
}

/// <summary>The file object of messages ({id, name, size, mimeType, url}).</summary>
public sealed record FileJson(string Id, string Name, long Size, string MimeType, string Url);

public sealed record UploadCompleteAck(
    FileJson File,
    string MessageId,
    long Seq,
    long Timestamp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConversationId)
{
    public bool Success => true;
}

/// <summary>Reads upload payloads as strictly as the other typed requests (exact names, JSON numbers only).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(UploadStartPayload))]
[JsonSerializable(typeof(UploadIdPayload))]
internal sealed partial class UploadRequestJsonContext : JsonSerializerContext;

/// <summary>Writes the upload acks like the gateway's other acks (camelCase).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(UploadStartAck))]
[JsonSerializable(typeof(UploadChunkAck))]
[JsonSerializable(typeof(UploadCompleteAck))]
public sealed partial class UploadAckJsonContext : JsonSerializerContext;
