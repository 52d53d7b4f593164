using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Notifications;

/// <summary>
/// Finds "@userId" in message content. An id runs to the next white space (ids hold none); a mention
/// must start the text or follow a non-word character, so "mail@example.com" mentions nobody. When
/// the word ends in punctuation ("@bob,"), both "bob," and "bob" are candidates: ids may hold
/// punctuation, and the room's membership decides which one is real.
/// </summary>
public static class Mentions
{
    private const string TrailingPunctuation = ".,;:!?)]}'\"";

    /// <summary>Distinct candidate ids in order of appearance, at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<string> Find(string content, int max)
    {
        ArgumentNullException.ThrowIfNull(content);
        var found = new List<string>();
        if (max <= 0)
        {
            return found;
        }

        var at = content.IndexOf('@', StringComparison.Ordinal);
        while (at >= 0 && found.Count < max)
        {
            var end = at + 1;
            while (end < content.Length && !char.IsWhiteSpace(content[end]) && content[end] != '@')
            {
                end++;
            }

            if ((at == 0 || !char.IsLetterOrDigit(content[at - 1])) && end - at - 1 <= IdentityText.MaxIdLength + 1)
            {
                var word = content[(at + 1)..end];
                Add(found, word, max);
                var trimmed = word.TrimEnd(TrailingPunctuation.ToCharArray());
                if (trimmed.Length != word.Length)
                {
                    Add(found, trimmed, max);
                }
            }

            at = end < content.Length ? content.IndexOf('@', end) : -1;
        }

        return found;
    }

    private static void Add(List<string> found, string word, int max)
    {
        if (found.Count < max && IdentityText.TryNormalizeId(word, out var id) && !found.Contains(id, StringComparer.Ordinal))
        {
            found.Add(id);
        }
    }
}
