using System.Globalization;

namespace Orleans.Chat.Gateway.Files;

/// <summary>One byte range of a download (inclusive bounds), from a Range header.</summary>
internal readonly record struct ByteRange(long First, long Last)
{
    public long Length => Last - First + 1;

    /// <summary>
    /// Reads "bytes=a-b", "bytes=a-" or "bytes=-n" against a file of <paramref name="size"/> bytes. Returns
    /// false to serve the whole file (no header, several ranges, or a form this server does not read, all of
    /// which a server may ignore); <paramref name="range"/> is null when the range is unsatisfiable (416).
    /// </summary>
    public static bool TryParse(string? header, long size, out ByteRange? range)
    {
        range = null;
        const string Unit = "bytes=";
        if (string.IsNullOrEmpty(header) || !header.StartsWith(Unit, StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return false;
        }

        var spec = header.AsSpan(Unit.Length).Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return false;
        }

        var firstText = spec[..dash].Trim();
        var lastText = spec[(dash + 1)..].Trim();
        if (firstText.IsEmpty)
        {
            // The last n bytes.
            if (!TryReadNumber(lastText, out var suffix))
            {
                return false;
            }

            if (suffix > 0 && size > 0)
            {
                range = new ByteRange(Math.Max(0, size - suffix), size - 1);
            }

            return true;
        }

        if (!TryReadNumber(firstText, out var first))
        {
            return false;
        }

        var last = size - 1;
        if (!lastText.IsEmpty)
        {
            if (!TryReadNumber(lastText, out last) || last < first)
            {
                return false;
            }
        }

        if (first < size)
        {
            range = new ByteRange(first, Math.Min(last, size - 1));
        }

        return true;
    }

    private static bool TryReadNumber(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
