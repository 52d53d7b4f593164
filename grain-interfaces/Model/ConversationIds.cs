namespace Orleans.Chat.Model;

/// <summary>
/// The id of the conversation of two users, the same whoever asks: "dm:" + esc(a) + ":" + esc(b)
/// with a &lt;= b ordinally, where esc turns "%" into "%25" and ":" into "%3A", so no two pairs of
/// ids share a conversation id ("dm:alice:bob").
/// </summary>
public static class ConversationIds
{
    private const string Prefix = "dm:";

    public static string For(string userId, string otherUserId)
    {
        var (first, second) = string.CompareOrdinal(userId, otherUserId) <= 0 ? (userId, otherUserId) : (otherUserId, userId);
        return Prefix + Escape(first) + ":" + Escape(second);
    }

    /// <summary>Whether <paramref name="userId"/> is one of the two users of the conversation.</summary>
    public static bool IsParticipant(string conversationId, string userId, out string otherUserId)
    {
        otherUserId = string.Empty;
        if (!conversationId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = conversationId[Prefix.Length..].Split(':');
        if (parts.Length != 2)
        {
            return false;
        }

        var (first, second) = (Unescape(parts[0]), Unescape(parts[1]));
        otherUserId = first == userId ? second : second == userId ? first : string.Empty;
        return first == userId || second == userId;
    }

    private static string Escape(string id) => id.Replace("%", "%25", StringComparison.Ordinal).Replace(":", "%3A", StringComparison.Ordinal);

    // "%3A" first: after escaping, every "%" starts "%25" or "%3A", so no "%3A" straddles a "%25".
    private static string Unescape(string escaped) => escaped.Replace("%3A", ":", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);
}
