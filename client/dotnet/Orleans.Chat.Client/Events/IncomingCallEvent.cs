using System.Text.Json;

namespace Orleans.Chat.Client;

/// <summary>Someone calls the user (every connection of the callee rings).</summary>
public sealed record IncomingCallEvent
{
    /// <summary>The call's id.</summary>
    public required string CallId { get; init; }

    /// <summary>The caller.</summary>
    public required UserRef From { get; init; }

    /// <summary><see cref="CallMedia.Audio"/> or <see cref="CallMedia.Video"/>.</summary>
    public required string Media { get; init; }

    /// <summary>The caller's SDP offer, <c>{type, sdp}</c>, as the caller sent it.</summary>
    public JsonElement Offer { get; init; }
}
