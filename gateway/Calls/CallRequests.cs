using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Calls;

/// <summary>call-user: the callee, "audio" or "video", and the offer's JSON text as the client sent it.</summary>
internal readonly record struct CallUserRequest(string TargetUserId, string Media, string OfferJson);

/// <summary>
/// Reads the call events' payloads strictly: an SDP is an object with a string <c>type</c> of the right
/// kind and a string <c>sdp</c>; a candidate is an object or null. The SDP and candidate are taken as
/// their raw JSON text once (the protocol parsed the frame already) and relayed as is, never parsed again.
/// </summary>
internal static class CallRequests
{
    /// <summary>Largest offer or answer, in bytes of JSON (an SDP with many codecs and candidates is a few KB).</summary>
    public const int MaxSdpBytes = 64 * 1024;

    /// <summary>Largest ICE candidate, in bytes of JSON (a candidate line is a few hundred bytes).</summary>
    public const int MaxCandidateBytes = 4 * 1024;

    public const string Audio = "audio";
    public const string Video = "video";

    /// <summary>call-user {targetUserId, media, offer:{type:"offer", sdp}}; error null on success.</summary>
    public static ErrorPayload? TryReadCallUser(JsonElement data, out CallUserRequest request)
    {
        request = default;
        if (!PayloadReader.TryGetId(data, "targetUserId", out var target)
            || !PayloadReader.TryGetString(data, "media", out var media)
            || media is not (Audio or Video))
        {
            return ClientErrors.InvalidFormat;
        }

        if (ReadSdp(data, "offer", isAnswer: false, out var offerJson) is { } error)
        {
            return error;
        }

        request = new CallUserRequest(target, media, offerJson);
        return null;
    }

    /// <summary>call-answer {callId, answer:{type:"answer"|"pranswer", sdp}}.</summary>
    public static ErrorPayload? TryReadAnswer(JsonElement data, out string callId, out string answerJson)
    {
        answerJson = string.Empty;
        return ReadCallId(data, out callId) ?? ReadSdp(data, "answer", isAnswer: true, out answerJson);
    }

    /// <summary>ice-candidate {callId, candidate: object | null} (null: the end of candidates).</summary>
    public static ErrorPayload? TryReadCandidate(JsonElement data, out string callId, out string candidateJson)
    {
        candidateJson = string.Empty;
        if (ReadCallId(data, out callId) is { } error)
        {
            return error;
        }

        if (!data.TryGetProperty("candidate", out var candidate) || candidate.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return ClientErrors.InvalidFormat;
        }

        return TryRaw(candidate, MaxCandidateBytes, out candidateJson) ? null : ClientErrors.PayloadTooLarge;
    }

    /// <summary>call-reject and call-end: {callId}.</summary>
    public static ErrorPayload? TryReadCallId(JsonElement data, out string callId) => ReadCallId(data, out callId);

    /// <summary>
    /// A call id must be a string (invalid_format otherwise); one that is not of the shape the gateway
    /// makes cannot name a call (not_found), and costs no grain activation.
    /// </summary>
    private static ErrorPayload? ReadCallId(JsonElement data, out string callId)
    {
        callId = string.Empty;
        if (!PayloadReader.TryGetString(data, "callId", out var value))
        {
            return ClientErrors.InvalidFormat;
        }

        if (!RandomIds.IsWellFormed(value))
        {
            return ClientErrors.NotFound;
        }

        callId = value!;
        return null;
    }

    private static ErrorPayload? ReadSdp(JsonElement data, string property, bool isAnswer, out string json)
    {
        json = string.Empty;
        if (!data.TryGetProperty(property, out var sdp)
            || sdp.ValueKind != JsonValueKind.Object
            || !PayloadReader.TryGetString(sdp, "type", out var type)
            || !(isAnswer ? type is "answer" or "pranswer" : type == "offer")
            || !sdp.TryGetProperty("sdp", out var text)
            || text.ValueKind != JsonValueKind.String)
        {
            return ClientErrors.InvalidFormat;
        }

        return TryRaw(sdp, MaxSdpBytes, out json) ? null : ClientErrors.PayloadTooLarge;
    }

    /// <summary>The element's JSON text exactly as the client sent it; false when over <paramref name="maxBytes"/>.</summary>
    private static bool TryRaw(JsonElement element, int maxBytes, out string json)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        json = raw.Length <= maxBytes ? Encoding.UTF8.GetString(raw) : string.Empty;
        return raw.Length <= maxBytes;
    }
}
