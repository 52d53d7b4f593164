using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;

namespace Orleans.Chat.Bench.Net;

/// <summary>The receive side: one loop per socket reads into a buffer and parses frames in place.</summary>
public sealed partial class RawWebSocket
{
    private async Task ReceiveLoopAsync()
    {
        Exception? error = null;
        try
        {
            // Frames that came with the upgrade response.
            if (_end > _start)
            {
                ParseFrames();
            }

            while (!IsClosed)
            {
                if (_buffer is null || (_start == _end && _releaseBufferWhenIdle))
                {
                    ReleaseBuffer();
                    if (_releaseBufferWhenIdle)
                    {
                        // Wait for data without holding a buffer.
                        await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                    }

                    _buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
                    _start = _end = 0;
                }

                if (_end == _buffer.Length)
                {
                    MakeRoom(_buffer.Length);
                }

                var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                _end += read;
                ParseFrames();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            if (!IsClosed)
            {
                error = ex;
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            Abort();
            ReleaseBuffer();
            _receiver!.OnClosed(error);
        }
    }

    /// <summary>Hands over every complete frame in the buffer; keeps a partial one for the next read.</summary>
    private void ParseFrames()
    {
        var buffer = _buffer!;
        while (true)
        {
            var available = _end - _start;
            if (available < 2)
            {
                break;
            }

            var b0 = buffer[_start];
            var b1 = buffer[_start + 1];
            var headerLength = 2;
            long payloadLength = b1 & 0x7F;
            if (payloadLength == 126)
            {
                if (available < 4)
                {
                    break;
                }

                payloadLength = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(_start + 2));
                headerLength = 4;
            }
            else if (payloadLength == 127)
            {
                if (available < 10)
                {
                    break;
                }

                payloadLength = (long)BinaryPrimitives.ReadUInt64BigEndian(buffer.AsSpan(_start + 2));
                headerLength = 10;
            }

            var masked = (b1 & 0x80) != 0;
            if (masked)
            {
                headerLength += 4;
            }

            var frameLength = headerLength + payloadLength;
            if (frameLength > 64 * 1024 * 1024)
            {
                throw new IOException("frame too large");
            }

            if (available < frameLength)
            {
                if (frameLength > buffer.Length)
                {
                    MakeRoom((int)frameLength);
                }

                break;
            }

            var payload = buffer.AsSpan(_start + headerLength, (int)payloadLength);
            if (masked)
            {
                ApplyMask(payload, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(_start + headerLength - 4)));
            }

            _start += (int)frameLength;
            if (!OnFrame((b0 & 0x80) != 0, (byte)(b0 & 0x0F), payload))
            {
                return;
            }

            buffer = _buffer!;
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    private bool OnFrame(bool fin, byte opcode, ReadOnlySpan<byte> payload)
    {
        switch (opcode)
        {
            case OpText or OpBinary when fin && _fragmentLength == 0:
                _receiver!.OnMessage(payload);
                return true;
            case OpText or OpBinary or OpContinuation:
                AppendFragment(payload);
                if (fin)
                {
                    _receiver!.OnMessage(_fragments.AsSpan(0, _fragmentLength));
                    _fragmentLength = 0;
                }

                return true;
            case OpPing:
                var pong = ArrayPool<byte>.Shared.Rent(HeaderReserve + payload.Length);
                payload.CopyTo(pong.AsSpan(HeaderReserve));
                _ = SendFrameAsync(pong, payload.Length, OpPong);
                return true;
            case OpClose:
                var reply = ArrayPool<byte>.Shared.Rent(HeaderReserve + 2);
                ReadOnlySpan<byte> code = payload.Length >= 2 ? payload[..2] : [0x03, 0xE8];
                code.CopyTo(reply.AsSpan(HeaderReserve));
                _ = CloseAfterAsync(SendFrameAsync(reply, 2, OpClose));
                return false;
            default:
                return true; // pong or reserved: nothing to do
        }
    }

    private async Task CloseAfterAsync(ValueTask send)
    {
        await send;
        Abort();
    }

    private void AppendFragment(ReadOnlySpan<byte> payload)
    {
        if (_fragments is null || _fragments.Length < _fragmentLength + payload.Length)
        {
            var bigger = new byte[Math.Max(4096, (_fragmentLength + payload.Length) * 2)];
            _fragments.AsSpan(0, _fragmentLength).CopyTo(bigger);
            _fragments = bigger;
        }

        payload.CopyTo(_fragments.AsSpan(_fragmentLength));
        _fragmentLength += payload.Length;
    }

    /// <summary>Moves unread bytes to the front, into a bigger buffer when <paramref name="needed"/> does not fit.</summary>
    private void MakeRoom(int needed)
    {
        var buffer = _buffer!;
        var unread = _end - _start;
        if (needed <= buffer.Length && _start > 0)
        {
            buffer.AsSpan(_start, unread).CopyTo(buffer);
        }
        else
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
            buffer.AsSpan(_start, unread).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = bigger;
        }

        _start = 0;
        _end = unread;
    }
}
