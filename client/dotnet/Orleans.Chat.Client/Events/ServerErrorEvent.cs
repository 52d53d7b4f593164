using System.Text.Json.Serialization;

namespace Orleans.Chat.Client;

/// <summary>A failure the server reports outside of any request (bad frame, rate limit).</summary>
public sealed record ServerErrorEvent
{
    /// <summary>The human-readable message (the wire's <c>error</c> field).</summary>
    [JsonPropertyName("error")]
    public required string Message { get; init; }

    /// <summary>The error code, one of <see cref="ChatErrorCodes"/>.</summary>
    public required string Code { get; init; }
}
