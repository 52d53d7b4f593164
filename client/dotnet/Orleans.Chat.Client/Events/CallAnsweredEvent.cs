using System.Text.Json;

namespace Orleans.Chat.Client;

/// <summary>The callee answered (sent to the calling connection).</summary>
public sealed record CallAnsweredEvent
{
    /// <summary>The call's id.</summary>
    public required string CallId { get; init; }

    /// <summary>The callee's SDP answer, <c>{type, sdp}</c>.</summary>
    public JsonElement Answer { get; init; }
}
