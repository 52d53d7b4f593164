using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Chat.Bench.Net;

/// <summary>Receives what a <see cref="RawWebSocket"/> reads. Called from the socket's single receive loop.</summary>
public interface IWebSocketReceiver
{
    /// <summary>One complete text or binary message; the span is only valid during the call.</summary>
    void OnMessage(ReadOnlySpan<byte> message);

    void OnClosed(Exception? error);
}

/// <summary>
/// A minimal client WebSocket (RFC 6455) on a raw <see cref="Socket"/>: it binds the local address
/// it is given (so that many 127.0.0.x sources get past the ephemeral port range), does the HTTP
/// upgrade itself, sends masked text frames from pooled buffers, answers pings, and hands each
/// received message to its receiver as a span of its own buffer: no allocation per message.
/// </summary>
public sealed class RawWebSocket
{
    /// <summary>Room a caller leaves in front of a payload for <see cref="SendFrameAsync"/> to write the header.</summary>
    public const int HeaderReserve = 14;

    private const int ReceiveBufferSize = 8 * 1024;
    private const byte OpContinuation = 0x0;
    private const byte OpText = 0x1;
    private const byte OpBinary = 0x2;
    private const byte OpClose = 0x8;
    private const byte OpPing = 0x9;
    private const byte OpPong = 0xA;
    private static readonly byte[] AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8.ToArray();

    private readonly Socket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly bool _releaseBufferWhenIdle;
    private IWebSocketReceiver? _receiver;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private byte[]? _fragments;
    private int _fragmentLength;
    private uint _maskState;
    private int _closed;

    private RawWebSocket(Socket socket, bool releaseBufferWhenIdle)
    {
        _socket = socket;
        _releaseBufferWhenIdle = releaseBufferWhenIdle;
        _maskState = (uint)Random.Shared.Next() | 1;
    }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// Connects from <paramref name="local"/> to <paramref name="remote"/> and upgrades. With
    /// <paramref name="releaseBufferWhenIdle"/> the socket waits for data with zero-byte reads and
    /// holds no receive buffer between messages (for many idle connections).
    /// </summary>
    public static async Task<RawWebSocket> ConnectAsync(
        IPAddress local, IPEndPoint remote, string pathAndQuery, bool releaseBufferWhenIdle, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(remote, cancellationToken);
            var ws = new RawWebSocket(socket, releaseBufferWhenIdle);
            await ws.UpgradeAsync(remote, pathAndQuery, cancellationToken);
            return ws;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts the receive loop; messages already read with the upgrade response come first.</summary>
    public void Start(IWebSocketReceiver receiver)
    {
        _receiver = receiver;
        _ = Task.Run(ReceiveLoopAsync);
    }

    public ValueTask SendTextAsync(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var buffer = ArrayPool<byte>.Shared.Rent(HeaderReserve + length);
        Encoding.UTF8.GetBytes(text, buffer.AsSpan(HeaderReserve));
        return SendFrameAsync(buffer, length, OpText);
    }

    /// <summary>
    /// Sends the <paramref name="length"/> payload bytes found at <see cref="HeaderReserve"/> in
    /// <paramref name="pooled"/> as one frame, and returns the buffer to the shared pool.
    /// </summary>
    public async ValueTask SendFrameAsync(byte[] pooled, int length, byte opcode = OpText)
    {
        try
        {
            var headerLength = length < 126 ? 6 : length <= ushort.MaxValue ? 8 : 14;
            var start = HeaderReserve - headerLength;
            var frame = pooled.AsSpan(start, headerLength + length);
            frame[0] = (byte)(0x80 | opcode);
            if (length < 126)
            {
                frame[1] = (byte)(0x80 | length);
            }
            else if (length <= ushort.MaxValue)
            {
                frame[1] = 0x80 | 126;
                BinaryPrimitives.WriteUInt16BigEndian(frame[2..], (ushort)length);
            }
            else
            {
                frame[1] = 0x80 | 127;
                BinaryPrimitives.WriteUInt64BigEndian(frame[2..], (ulong)length);
            }

            var mask = NextMask();
            BinaryPrimitives.WriteUInt32LittleEndian(frame[(headerLength - 4)..], mask);
            ApplyMask(frame[headerLength..], mask);

            await _sendLock.WaitAsync();
            try
            {
                var remaining = pooled.AsMemory(start, headerLength + length);
                while (!remaining.IsEmpty)
                {
                    var sent = await _socket.SendAsync(remaining, SocketFlags.None);
                    remaining = remaining[sent..];
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }

    /// <summary>Sends a close frame (best effort, bounded wait) and closes the socket.</summary>
    public async Task CloseAsync()
    {
        if (IsClosed)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(HeaderReserve + 2);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(HeaderReserve), 1000);
        var send = SendFrameAsync(buffer, 2, OpClose).AsTask();
        await Task.WhenAny(send, Task.Delay(1000));
        Abort();
    }

    public void Abort()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Not connected any more.
            }

            _socket.Dispose();
        }
    }

    private async Task UpgradeAsync(IPEndPoint remote, string pathAndQuery, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: {remote}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await _socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, cancellationToken);

        _buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(0, _end).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (_end == _buffer.Length)
            {
                throw new IOException("upgrade response headers too long");
            }

            var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException("connection closed during the upgrade");
            }

            _end += read;
        }

        var head = Encoding.ASCII.GetString(_buffer, 0, headerEnd);
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            var statusLine = head.Split("\r\n")[0];
            throw new WebSocketUpgradeException(statusLine);
        }

        var expected = Convert.ToBase64String(SHA1.HashData([.. Encoding.ASCII.GetBytes(key), .. AcceptGuid]));
        if (!head.Contains($"Sec-WebSocket-Accept: {expected}", StringComparison.OrdinalIgnoreCase))
        {
            throw new WebSocketUpgradeException("bad Sec-WebSocket-Accept");
        }

        _start = headerEnd + 4;
        if (_start == _end)
        {
            _start = _end = 0;
            if (_releaseBufferWhenIdle)
            {
                ReleaseBuffer();
            }
        }
    }

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

    private void ReleaseBuffer()
    {
        if (_buffer is { } buffer && _start == _end)
        {
            _buffer = null;
            _start = _end = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private uint NextMask()
    {
        // xorshift32: masks only need to vary, not to be secret, for a load generator.
        var x = _maskState;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        _maskState = x;
        return x;
    }

    private static void ApplyMask(Span<byte> data, uint mask)
    {
        var words = MemoryMarshal.Cast<byte, uint>(data);
        for (var i = 0; i < words.Length; i++)
        {
            words[i] ^= mask;
        }

        var maskBytes = BitConverter.IsLittleEndian ? mask : BinaryPrimitives.ReverseEndianness(mask);
        for (var i = words.Length * 4; i < data.Length; i++)
        {
            data[i] ^= (byte)(maskBytes >> (8 * (i & 3)));
        }
    }
}

public sealed class WebSocketUpgradeException(string message) : IOException(message);
