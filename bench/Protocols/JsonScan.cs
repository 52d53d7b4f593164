using System.Buffers.Text;

namespace Orleans.Chat.Bench.Protocols;

/// <summary>
/// Reads single fields out of JSON text by searching for their key, without parsing the rest:
/// the benchmark only needs a seq, an id and the content it wrote itself (digits, dots, letters).
/// </summary>
public static class JsonScan
{
    /// <summary>The integer right after the first <paramref name="key"/> (which ends with ':'), or -1.</summary>
    public static long LongAfter(ReadOnlySpan<byte> json, ReadOnlySpan<byte> key)
    {
        var at = json.IndexOf(key);
        if (at < 0)
        {
            return -1;
        }

        var rest = json[(at + key.Length)..].TrimStart((byte)' ');
        if (!rest.IsEmpty && rest[0] == (byte)'"')
        {
            rest = rest[1..]; // an id sent as a string
        }

        return Utf8Parser.TryParse(rest, out long value, out _) ? value : -1;
    }

    /// <summary>The raw characters of the string that starts after <paramref name="key"/> (which ends with '"'), or empty.</summary>
    public static ReadOnlySpan<byte> StringAfter(ReadOnlySpan<byte> json, ReadOnlySpan<byte> key)
    {
        var at = json.IndexOf(key);
        if (at < 0)
        {
            return [];
        }

        var rest = json[(at + key.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? [] : rest[..end];
    }

    /// <summary>The leading unsigned integer of <paramref name="text"/> and how many bytes it took.</summary>
    public static long LeadingNumber(ReadOnlySpan<byte> text, out int consumed)
    {
        long value = 0;
        consumed = 0;
        while (consumed < text.Length && (uint)(text[consumed] - '0') <= 9)
        {
            value = (value * 10) + (text[consumed] - '0');
            consumed++;
        }

        return consumed == 0 ? -1 : value;
    }
}
