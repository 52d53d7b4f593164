using System.Buffers.Text;
using System.Text;

namespace Orleans.Chat.Bench.Protocols;

/// <summary>Appends ASCII pieces to a span (the frames the benchmark writes are built with no allocation).</summary>
public ref struct Utf8Text(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _length;

    public readonly int Length => _length;

    public void Append(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(_destination[_length..]);
        _length += utf8.Length;
    }

    /// <summary>Appends an id, room id or token: the benchmark's own ASCII strings, with no JSON escaping needed.</summary>
    public void Append(string ascii) => _length += Encoding.ASCII.GetBytes(ascii, _destination[_length..]);

    public void Append(long value)
    {
        Utf8Formatter.TryFormat(value, _destination[_length..], out var written);
        _length += written;
    }

    public void AppendContent(long sendTicks, int senderIndex, int contentLength) =>
        _length += BenchContent.Write(_destination[_length..], sendTicks, senderIndex, contentLength);
}
