namespace Orleans.Chat.Grains;

/// <summary>What a call accepts from its parties; the relayed JSON is passed on as is, so only its size is checked.</summary>
internal static class CallPayloads
{
    /// <summary>An SDP offer or answer, in characters of JSON (a video offer with many codecs is ~10 KB).</summary>
    public const int MaxDescriptionChars = 64 * 1024;

    /// <summary>One ICE candidate, in characters of JSON (a few hundred in practice).</summary>
    public const int MaxCandidateChars = 4 * 1024;

    /// <summary>Same bound as the gateway's user ids.</summary>
    public const int MaxUserIdChars = 128;

    public static bool IsMedia(string? media) => media is "audio" or "video";

    public static bool IsDescription(string? json) => IsJsonText(json, MaxDescriptionChars);

    public static bool IsCandidate(string? json) => IsJsonText(json, MaxCandidateChars);

    public static bool IsUserId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= MaxUserIdChars && !char.IsWhiteSpace(id[0]) && !char.IsWhiteSpace(id[^1]);

    /// <summary>A party as the gateway names it: a user, a session and a gateway, none empty.</summary>
    public static bool IsParty(Model.CallParty? party) =>
        party is not null && IsUserId(party.User?.Id) && !string.IsNullOrEmpty(party.SessionId) && !string.IsNullOrEmpty(party.GatewayId);

    private static bool IsJsonText(string? json, int maxChars) => !string.IsNullOrWhiteSpace(json) && json.Length <= maxChars;
}
