namespace Orleans.Chat.Client.Internal.Wire;

/// <summary>The ack of upload-start (new or resumed): which chunks the server has.</summary>
internal sealed record UploadStatusAck
{
    public required string UploadId { get; init; }

    public int ChunkSize { get; init; }

    public int ChunkCount { get; init; }

    public IReadOnlyList<int> Received { get; init; } = [];

    public long ExpiresAt { get; init; }
}
