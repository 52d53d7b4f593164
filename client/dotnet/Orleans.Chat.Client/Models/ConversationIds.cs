namespace Orleans.Chat.Client;

/// <summary>How the server names the conversation of two users. Prefer the id in its payloads; this is for lookups before any.</summary>
public static class ConversationIds
{
    /// <summary><c>"dm:" + esc(a) + ":" + esc(b)</c> with a &lt;= b ordinally; esc turns <c>%</c> into <c>%25</c> and <c>:</c> into <c>%3A</c>.</summary>
    public static string Of(string userA, string userB)
    {
        ArgumentNullException.ThrowIfNull(userA);
        ArgumentNullException.ThrowIfNull(userB);
        var (first, second) = string.CompareOrdinal(userA, userB) <= 0 ? (userA, userB) : (userB, userA);
        return $"dm:{Escape(first)}:{Escape(second)}";
    }

    private static string Escape(string userId) => userId.Replace("%", "%25", StringComparison.Ordinal).Replace(":", "%3A", StringComparison.Ordinal);
}
