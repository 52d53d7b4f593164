using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Chat.Bench.Net;

/// <summary>
/// A minimal client WebSocket (RFC 6455) on a raw <see cref="Socket"/>: it binds the local address
/// it is given (so that many 127.0.0.x sources get past the ephemeral port range), does the HTTP
/// upgrade itself, sends masked text frames from pooled buffers, answers pings, and hands each
/// received message to its receiver as a span of its own buffer: no allocation per message.
/// </summary>
public sealed partial class RawWebSocket
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
