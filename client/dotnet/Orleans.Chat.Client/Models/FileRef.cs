namespace Orleans.Chat.Client;

/// <summary>A shared file, on messages of type <c>file</c>; download it with <see cref="ChatClient.DownloadFileAsync"/> or <see cref="ChatClient.FileUrl"/>.</summary>
public sealed record FileRef
{
    /// <summary>The file id (the upload id).</summary>
    public required string Id { get; init; }

    /// <summary>The name the uploader gave.</summary>
    public required string Name { get; init; }

    /// <summary>Bytes.</summary>
    public long Size { get; init; }

    /// <summary>The type the server sniffed from the content.</summary>
    public required string MimeType { get; init; }

    /// <summary>The download path on the gateway, <c>/files/{id}</c>.</summary>
    public required string Url { get; init; }
}
