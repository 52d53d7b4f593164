using System.Globalization;
using System.Text;

namespace Orleans.Chat.Grains.Files;

/// <summary>What upload-start accepts: names, checksums, types and scopes.</summary>
internal static class FileRules
{
    public const int MaxNameLength = 255;

    /// <summary>Longest user id a conversation scope may name (the gateway's own limit is lower).</summary>
    public const int MaxUserIdLength = 256;

    /// <summary>
    /// The name without any path (the part after the last / or \) and without control or format
    /// characters (which could hide an extension or break a header), trimmed; null when nothing usable is left.
    /// </summary>
    public static string? CleanName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var start = name.LastIndexOfAny(['/', '\\']) + 1;
        var builder = new StringBuilder(name.Length - start);
        foreach (var rune in name.AsSpan(start).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
            {
                builder.Append(rune.ToString());
            }
        }

        var cleaned = builder.ToString().Trim();
        return cleaned.Length is 0 or > MaxNameLength || cleaned is "." or ".." ? null : cleaned;
    }

    /// <summary>Null (not declared) or 64 lowercase hex digits.</summary>
    public static bool IsSha256(string? sha256) =>
        sha256 is null || (sha256.Length == 64 && sha256.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')));

    /// <summary>The media type alone, lowercase (parameters such as charset dropped); null when it is not type/subtype.</summary>
    public static string? NormalizeType(string? mimeType)
    {
        var type = mimeType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (type is null || type.Length > 127)
        {
            return null;
        }

        var slash = type.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < type.Length - 1 && type.IndexOf('/', slash + 1) < 0 && !type.Any(char.IsWhiteSpace) ? type : null;
    }

    /// <summary>Whether the (normalized) type is listed, exactly or by a "family/*" entry.</summary>
    public static bool IsAllowed(string type, IReadOnlyList<string> allowedTypes)
    {
        var family = type[..(type.IndexOf('/', StringComparison.Ordinal) + 1)];
        foreach (var allowed in allowedTypes)
        {
            if (string.Equals(allowed, type, StringComparison.OrdinalIgnoreCase)
                || (allowed.EndsWith("/*", StringComparison.Ordinal) && string.Equals(allowed[..^1], family, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A user id a conversation can be with: as the gateway sends it (trimmed, no control characters).</summary>
    public static bool IsUserId(string? userId) =>
        !string.IsNullOrWhiteSpace(userId) && userId.Length <= MaxUserIdLength && userId.Trim() == userId && !userId.Any(char.IsControl);
}
