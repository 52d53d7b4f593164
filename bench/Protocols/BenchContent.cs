using System.Buffers.Text;

namespace Orleans.Chat.Bench.Protocols;

/// <summary>
/// The content of every benchmark message: "ticks.sender." then padding, where ticks is the
/// (intended) send time as <see cref="System.Diagnostics.Stopwatch"/> ticks of this process and
/// sender the index of the sending client. Only ASCII digits, dots and letters: no JSON escaping.
/// </summary>
public static class BenchContent
{
    public static int Write(Span<byte> destination, long sendTicks, int senderIndex, int length)
    {
        Utf8Formatter.TryFormat(sendTicks, destination, out var at);
        destination[at++] = (byte)'.';
        Utf8Formatter.TryFormat(senderIndex, destination[at..], out var written);
        at += written;
        destination[at++] = (byte)'.';
        while (at < length)
        {
            destination[at++] = (byte)'x';
        }

        return at;
    }

    public static bool TryRead(ReadOnlySpan<byte> content, out long sendTicks, out int senderIndex)
    {
        senderIndex = -1;
        sendTicks = JsonScan.LeadingNumber(content, out var consumed);
        if (sendTicks < 0 || consumed >= content.Length || content[consumed] != (byte)'.')
        {
            return false;
        }

        var sender = JsonScan.LeadingNumber(content[(consumed + 1)..], out _);
        senderIndex = (int)sender;
        return sender >= 0;
    }
}
