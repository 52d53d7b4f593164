namespace Orleans.Chat.Hosting;

/// <summary>
/// Spots secrets (signing keys, API keys, passwords) that must never guard a real deployment:
/// the placeholders shipped in the deploy examples, a character or short pattern repeated, too
/// few distinct characters, or text made mostly of common words and keyboard sequences. What a
/// check says names the weakness, never the secret.
/// </summary>
public static class SecretStrength
{
    // 7, not more: a random hex key has 16 symbols, and `openssl rand -hex 16` (32 characters) shows fewer
    // than 10 of them once in ~10 000 keys, fewer than 7 once in ~5 billion. Pattern-made secrets with more
    // distinct characters are caught by the repetition and common-words checks.
    public const int MinDistinctCharacters = 7;

    /// <summary>Values that earlier deploy examples shipped as working defaults.</summary>
    private static readonly string[] KnownPlaceholders =
    [
        "change-me-this-placeholder-key-is-not-secret-0123456789",
        "change-me-api-key",
    ];

    /// <summary>Fragments that mark a value someone was meant to replace.</summary>
    private static readonly string[] PlaceholderMarkers = ["changeme", "placeholder", "replaceme", "notsecret", "yoursecret", "yourkey", "example"];

    /// <summary>Longest first, so "password" is taken whole before "pass".</summary>
    private static readonly string[] CommonWords =
    [
        "administrator", "placeholder", "development", "production", "password", "changeme", "letmein", "passwd",
        "signing", "orleans", "default", "welcome", "secret", "qwerty", "sample", "token", "admin", "login",
        "guest", "local", "chat", "test", "demo", "pass", "root", "user", "key", "api", "jwt", "dev",
    ];

    /// <summary>Why <paramref name="secret"/> is too weak for a real deployment, or null when it is not.</summary>
    public static string? Weakness(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var normalized = new string([.. secret.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
        if (KnownPlaceholders.Contains(secret, StringComparer.OrdinalIgnoreCase) || PlaceholderMarkers.Any(normalized.Contains))
        {
            return "is a placeholder (such as the change-me values of the deploy examples)";
        }

        if (IsRepetitive(secret))
        {
            return "repeats one character or a short pattern";
        }

        if (secret.Distinct().Count() < MinDistinctCharacters)
        {
            return $"has fewer than {MinDistinctCharacters} distinct characters";
        }

        if (normalized.Length > 0 && MeaningfulLength(normalized) * 2 < normalized.Length)
        {
            return "is mostly common words or sequences (secret, password, changeme, 12345, abcd...)";
        }

        return null;
    }

    /// <summary>
    /// One character makes up over half of it, or a short unit comes back again and again: fewer
    /// than half of its 4-character windows are distinct ("k3Y!k3Y!k3Y!...", even with a tail).
    /// Half, not a third: `openssl rand -hex 16` has one character over a third of it once in ~50,000
    /// keys (measured), over half about once in 10^11.
    /// </summary>
    private static bool IsRepetitive(string secret)
    {
        if (secret.Length == 0)
        {
            return true;
        }

        var mostFrequent = secret.GroupBy(c => c).Max(group => group.Count());
        if (mostFrequent * 2 > secret.Length)
        {
            return true;
        }

        const int Window = 4;
        var windows = secret.Length - Window + 1;
        if (windows < 2)
        {
            return false;
        }

        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < windows; i++)
        {
            distinct.Add(secret.Substring(i, Window));
        }

        return distinct.Count * 2 < windows;
    }

    /// <summary>How many characters are left once common words and runs of 4+ consecutive characters (1234, abcd, dcba) are taken out.</summary>
    private static int MeaningfulLength(string normalized)
    {
        var text = normalized;
        foreach (var word in CommonWords)
        {
            text = text.Replace(word, " ", StringComparison.Ordinal);
        }

        var remaining = 0;
        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            remaining += part.Length - SequenceLength(part);
        }

        return remaining;
    }

    private static int SequenceLength(string text)
    {
        var inSequences = 0;
        var runStart = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            var continues = i < text.Length && Math.Abs(text[i] - text[i - 1]) == 1
                && (i - runStart == 1 || text[i] - text[i - 1] == text[i - 1] - text[i - 2]);
            if (!continues)
            {
                if (i - runStart >= 4)
                {
                    inSequences += i - runStart;
                }

                runStart = i;
            }
        }

        return inSequences;
    }
}
