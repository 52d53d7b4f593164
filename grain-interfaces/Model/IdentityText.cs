using System.Globalization;
using System.Text;

namespace Orleans.Chat.Model;

/// <summary>
/// The rules for user ids, room ids and display names. Ids are trimmed and then compared ordinally
/// (case- and normalization-sensitive); they must be 1-128 characters of well-formed UTF-16 with no
/// control, format (bidi, zero-width) or separator characters, and are refused otherwise. Display
/// names are cleaned rather than refused. No Unicode normalization: every project here builds with
/// InvariantGlobalization, where string.Normalize returns its input unchanged (a test pins this).
/// </summary>
public static class IdentityText
{
    public const int MaxIdLength = 128;
    public const int MaxNameLength = 64;

    /// <summary>The id in its canonical form, or false when it cannot be an id.</summary>
    public static bool TryNormalizeId(string? value, out string id)
    {
        id = string.Empty;
        if (value is null || value.Length > MaxIdLength * 4)
        {
            return false;
        }

        var normalized = value.Trim();
        if (normalized.Length is 0 or > MaxIdLength)
        {
            return false;
        }

        for (var i = 0; i < normalized.Length; i++)
        {
            if (IsForbidden(normalized, i, inId: true))
            {
                return false;
            }
        }

        id = normalized;
        return true;
    }

    /// <summary>
    /// A display name fit to show: without control characters, bidi controls or line separators,
    /// trimmed, at most 64 characters (a surrogate pair is never cut); <paramref name="fallback"/> when nothing is left.
    /// </summary>
    public static string CleanName(string? value, string fallback)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        var cleaned = Strip(value.Length > MaxNameLength * 8 ? value[..(MaxNameLength * 8)] : value);
        if (cleaned.Length > MaxNameLength)
        {
            var cut = char.IsHighSurrogate(cleaned[MaxNameLength - 1]) ? MaxNameLength - 1 : MaxNameLength;
            cleaned = cleaned[..cut].TrimEnd();
        }

        return cleaned.Length == 0 ? fallback : cleaned;
    }

    /// <summary>
    /// Text shown to users that is not a display name (a room's name, its topic), cleaned as names are
    /// but not cut: false when more than <paramref name="maxLength"/> characters are left.
    /// The result may be empty.
    /// </summary>
    public static bool TryCleanText(string value, int maxLength, out string cleaned)
    {
        // Cleaning removes characters, never adds: far longer input cannot end within the limit.
        cleaned = value.Length > maxLength * 4 ? string.Empty : Strip(value);
        return value.Length <= maxLength * 4 && cleaned.Length <= maxLength;
    }

    /// <summary>The text without what names may not hold, trimmed.</summary>
    private static string Strip(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (!IsForbidden(value, i, inId: false))
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>
    /// Ids allow no format character at all (invisible ones make look-alike ids); names keep those
    /// that scripts and emoji need (zero-width joiners) and lose only the bidi controls.
    /// </summary>
    private static bool IsForbidden(string text, int index, bool inId)
    {
        var c = text[index];
        if (char.IsSurrogate(c))
        {
            // A pair is fine; a lone half is not text.
            return char.IsHighSurrogate(c)
                ? index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1])
                : index == 0 || !char.IsHighSurrogate(text[index - 1]);
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse => true,
            UnicodeCategory.Format => inId || IsBidiControl(c),
            _ => false,
        };
    }

    /// <summary>Embeddings, overrides and isolates (U+202A-202E, U+2066-2069) and the directional marks.</summary>
    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}
