using System.Text.Json;
using Orleans.Chat.SocketIo.Buffers;

namespace Orleans.Chat.SocketIo.Packets;

/// <summary>
/// A JSON writer and buffer kept per thread, so encoding a packet allocates only its final byte array.
/// </summary>
internal sealed class JsonScratch : IDisposable
{
    // Buffers that grew past this are dropped rather than kept alive on the thread.
    private const int MaxRetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static JsonScratch? t_cached;

    private bool _inUse;

    private JsonScratch()
    {
        Buffer = new PooledBufferWriter();
        Writer = new Utf8JsonWriter(Buffer, SocketIoJson.WriterOptions);
    }

    public PooledBufferWriter Buffer { get; }

    public Utf8JsonWriter Writer { get; }

    public static JsonScratch Rent()
    {
        var scratch = t_cached;
        if (scratch is null || scratch._inUse)
        {
            // Re-entrant use (a serializer that encodes a packet) gets its own scratch.
            scratch = new JsonScratch();
            t_cached ??= scratch;
        }

        scratch._inUse = true;
        scratch.Buffer.Clear();
        scratch.Writer.Reset(scratch.Buffer);
        return scratch;
    }

    /// <summary>The JSON written so far.</summary>
    public ReadOnlySpan<byte> Flush()
    {
        Writer.Flush();
        return Buffer.WrittenSpan;
    }

    public void Dispose()
    {
        _inUse = false;
        if (!ReferenceEquals(t_cached, this) || Buffer.WrittenCount > MaxRetainedBytes)
        {
            if (ReferenceEquals(t_cached, this))
            {
                t_cached = null;
            }

            Writer.Dispose();
            Buffer.Dispose();
        }
    }
}
