using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Chat.Bench.Net;

/// <summary>The client side of the HTTP/1.1 upgrade (RFC 6455 section 4.1), written by hand like the rest.</summary>
public sealed partial class RawWebSocket
{
    private static readonly byte[] AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8.ToArray();

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
}
