using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace Orleans.Chat.SocketIo.WebSockets;

/// <summary>
/// Writes whole messages to an accepted server WebSocket in batches: <see cref="Add"/> frames them into a
/// pooled buffer and <see cref="FlushAsync"/> writes them all in one socket write when the request went
/// through <see cref="Hosting.WebSocketFrameBatchingExtensions.UseWebSocketFrameBatching"/>, else with one
/// WebSocket send each. For one writer loop at a time. Frames are never compressed (RSV1 clear), which
/// any peer accepts, even one that negotiated permessage-deflate.
/// </summary>
public sealed class WebSocketFrameWriter : IDisposable
{
    /// <summary>A burst of events per write, yet well under what Kestrel buffers for a connection without waiting.</summary>
    public const int BatchBytes = 32 * 1024;

    private const int MinimumBuffer = 4 * 1024;

    private readonly WebSocket _socket;
    private readonly SharedWebSocketStream? _stream;
    private byte[] _buffer = [];
    private int _length;

    private WebSocketFrameWriter(WebSocket socket, SharedWebSocketStream? stream)
    {
        _socket = socket;
        _stream = stream;
    }

    /// <summary>True when a flush is one socket write, false when it sends frame by frame.</summary>
    public bool IsBatching => _stream is not null;

    /// <summary>False once <see cref="BatchBytes"/> or more wait for <see cref="FlushAsync"/>.</summary>
    public bool HasRoom => _length < BatchBytes;

    /// <summary>A writer for <paramref name="socket"/>, the WebSocket accepted on <paramref name="context"/>.</summary>
    public static WebSocketFrameWriter Create(HttpContext context, WebSocket socket)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(socket);
        return new WebSocketFrameWriter(socket, context.Features.Get<SharedStreamUpgradeFeature>()?.Stream);
    }

    /// <summary>Adds one whole text or binary message (copied) to the next flush.</summary>
    public void Add(WebSocketMessageType type, ReadOnlySpan<byte> payload)
    {
        Reserve(WebSocketFrame.HeaderLength(payload.Length) + payload.Length);
        _length += WebSocketFrame.WriteHeader(_buffer.AsSpan(_length), type, payload.Length);
        payload.CopyTo(_buffer.AsSpan(_length));
        _length += payload.Length;
    }

    /// <summary>
    /// Writes what was added, in order. Failures surface as <see cref="WebSocketException"/> or
    /// <see cref="OperationCanceledException"/>, as from WebSocket.SendAsync; the added frames are dropped either way.
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_length == 0)
            {
                return;
            }

            if (_stream is null)
            {
                await SendEachAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                throw new WebSocketException(WebSocketError.InvalidState, $"The WebSocket is {_socket.State}.");
            }

            await _stream.WriteFramesAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (WebSocketException or OperationCanceledException))
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, exception);
        }
        finally
        {
            Release();
        }
    }

    public void Dispose() => Release();

    private async ValueTask SendEachAsync(CancellationToken cancellationToken)
    {
        var frames = _buffer.AsMemory(0, _length);
        while (!frames.IsEmpty)
        {
            var header = WebSocketFrame.ReadHeader(frames.Span, out var type, out var length);
            await _socket.SendAsync(frames.Slice(header, length), type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            frames = frames[(header + length)..];
        }
    }

    private void Reserve(int count)
    {
        var needed = _length + count;
        if (needed <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(MinimumBuffer, _buffer.Length * 2)));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = larger;
    }

    /// <summary>Gives the buffer back after each flush, so an idle connection holds none.</summary>
    private void Release()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
        _length = 0;
    }
}
