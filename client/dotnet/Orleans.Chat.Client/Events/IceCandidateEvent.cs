using System.Text.Json;

namespace Orleans.Chat.Client;

/// <summary>An ICE candidate of the other party (sent to this party's call connection).</summary>
public sealed record IceCandidateEvent
{
    /// <summary>The call's id.</summary>
    public required string CallId { get; init; }

    /// <summary>The candidate as the other party sent it (an RTCIceCandidateInit: <c>{candidate, sdpMid, sdpMLineIndex}</c>).</summary>
    public JsonElement Candidate { get; init; }
}
