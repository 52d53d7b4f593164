using System.Globalization;
using System.Text.Unicode;

namespace Orleans.Chat.SocketIo.Packets;

/// <summary>
/// Checks the text of JSON that System.Text.Json parsed: its parser checks the syntax but not the strings,
/// and throws InvalidOperationException later, when a string with invalid UTF-8 or with an escaped half of a
/// surrogate pair ("\ud800" alone) is read, compared as a property name or written out. Decoders of client
/// input reject such text up front, as malformed JSON.
/// </summary>
public static class JsonText
{
    /// <summary>True when every string of <paramref name="json"/> (already parsed as valid JSON) can be read as text.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> json) => Utf8.IsValid(json) && !HasLoneSurrogate(json);

    /// <summary>True when <paramref name="json"/>, already parsed as valid JSON, escapes a surrogate without its pair.</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<byte> json)
    {
        // In valid JSON a backslash only starts an escape inside a string, so scanning for them is exact.
        var awaitingLow = false;
        var rest = json;
        while (true)
        {
            var slash = rest.IndexOf((byte)'\\');
            if (slash < 0)
            {
                return awaitingLow;
            }

            if (awaitingLow && slash > 0)
            {
                return true;
            }

            if (slash + 1 >= rest.Length || rest[slash + 1] != (byte)'u')
            {
                if (awaitingLow)
                {
                    return true;
                }

                rest = rest[Math.Min(slash + 2, rest.Length)..];
                continue;
            }

            if (slash + 6 > rest.Length
                || !ushort.TryParse(rest.Slice(slash + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
            {
                return true;
            }

            if (char.IsHighSurrogate((char)unit))
            {
                if (awaitingLow)
                {
                    return true;
                }

                awaitingLow = true;
            }
            else if (char.IsLowSurrogate((char)unit))
            {
                if (!awaitingLow)
                {
                    return true;
                }

                awaitingLow = false;
            }
            else if (awaitingLow)
            {
                return true;
            }

            rest = rest[(slash + 6)..];
        }
    }
}
