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
        // The raw JSON string, quotes included; base64 needs no escapes, so one with a backslash is not base64.
        var raw = JsonMarshal.GetRawUtf8Value(data);
        if (raw.Length < 2 || raw.IndexOf((byte)'\\') >= 0)
        {
            return null;
        }

        var base64 = raw[1..^1];
        // Longer text cannot decode to expectedLength bytes: refuse before renting for it.
        if (base64.Length > Base64.GetMaxEncodedToUtf8Length(expectedLength))
        {
            error = ClientErrors.InvalidChunk;
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(expectedLength, 1));
        var status = Base64.DecodeFromUtf8(base64, buffer, out var consumed, out var written);
        if (status != OperationStatus.Done || consumed != base64.Length)
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

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
