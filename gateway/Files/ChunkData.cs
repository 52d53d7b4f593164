using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Files;

/// <summary>
/// The bytes of one upload-chunk in a pooled buffer (no chunk-sized array per chunk): decoded from base64,
/// or copied from a Socket.IO attachment. The copy is what lets chunks overlap: the frame's buffer is
/// reused once the command reaches its first await, this one lives until <see cref="Dispose"/>.
/// </summary>
internal sealed class ChunkData : IDisposable
{
    private byte[]? _buffer;

    private ChunkData(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>
    /// Reads "data" of an upload-chunk payload, expecting exactly <paramref name="expectedLength"/> bytes.
    /// Wrong kind or bad base64: invalid_format; another length: "Invalid chunk".
    /// </summary>
    public static ChunkData? TryRead(JsonElement payload, IEventBinary? binary, int expectedLength, out ErrorPayload? error)
    {
        error = ClientErrors.InvalidFormat;
        if (!payload.TryGetProperty("data", out var data))
        {
            return null;
        }

        if (data.ValueKind == JsonValueKind.Object)
        {
            if (binary is null || !binary.TryGetBinary(data, out var bytes))
            {
                return null;
            }

            if (bytes.Length != expectedLength)
            {
                error = ClientErrors.InvalidChunk;
                return null;
            }

            var copy = ArrayPool<byte>.Shared.Rent(Math.Max(expectedLength, 1));
            bytes.Span.CopyTo(copy);
            error = null;
            return new ChunkData(copy, expectedLength);
        }

        return data.ValueKind == JsonValueKind.String ? Decode(data, expectedLength, out error) : null;
    }

    private static ChunkData? Decode(JsonElement data, int expectedLength, out ErrorPayload? error)
    {
        error = ClientErrors.InvalidFormat;
        // The raw JSON string, quotes included: unescaped and decoded in one pooled buffer, no string.
        var raw = JsonMarshal.GetRawUtf8Value(data)[1..^1];
        var maxText = Base64.GetMaxEncodedToUtf8Length(expectedLength);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(maxText, 1));
        var length = Unescape(raw, buffer.AsSpan(0, Math.Max(maxText, 1)));
        if (length < 0)
        {
            // Longer text than expectedLength bytes need: refused before decoding anything.
            ArrayPool<byte>.Shared.Return(buffer);
            error = length == TooLong ? ClientErrors.InvalidChunk : ClientErrors.InvalidFormat;
            return null;
        }

        if (Base64.DecodeFromUtf8InPlace(buffer.AsSpan(0, length), out var written) != OperationStatus.Done)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }

        if (written != expectedLength)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            error = ClientErrors.InvalidChunk;
            return null;
        }

        error = null;
        return new ChunkData(buffer, written);
    }

    private const int TooLong = -1;
    private const int NotBase64 = -2;

    /// <summary>
    /// Copies the JSON string's text into <paramref name="destination"/>, resolving the escapes a JSON
    /// writer may use for base64 characters ("\/", "\u002B"); any other escape cannot be base64.
    /// </summary>
    private static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'\\')
            {
                if (i + 1 < raw.Length && raw[i + 1] == (byte)'/')
                {
                    b = (byte)'/';
                    i++;
                }
                else if (i + 5 < raw.Length && raw[i + 1] == (byte)'u'
                    && System.Buffers.Text.Utf8Parser.TryParse(raw.Slice(i + 2, 4), out ushort code, out var consumed, 'x') && consumed == 4 && code < 0x80)
                {
                    b = (byte)code;
                    i += 5;
                }
                else
                {
                    return NotBase64;
                }
            }

            if (length == destination.Length)
            {
                return TooLong;
            }

            destination[length++] = b;
        }

        return length;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
