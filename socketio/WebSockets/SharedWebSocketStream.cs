using System.Net.WebSockets;

namespace Orleans.Chat.SocketIo.WebSockets;

/// <summary>
/// The upgraded connection under a server WebSocket, shared between the WebSocket (handshake replies,
/// pings, pongs, close) and a <see cref="WebSocketFrameWriter"/> that writes whole frames it built itself.
/// Writes are serialized; the WebSocket writes each frame in one write, so frames never interleave.
/// Once the WebSocket has written a close frame, no data frame may follow it. Counts the reads the
/// WebSocket asks for (<see cref="WebSocketLiveness"/>).
/// </summary>
internal sealed class SharedWebSocketStream(Stream inner) : Stream
{
    // Not disposed with the stream: a writer may still be waiting on it, and it holds no wait handle.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _closeSent;
    private long _reads;

    /// <summary>
    /// Reads the WebSocket has asked of the connection. It asks for more only once it has consumed what
    /// arrived, so a change means the peer sent something.
    /// </summary>
    public long ReadCount => Volatile.Read(ref _reads);

    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Writes complete frames of a <see cref="WebSocketFrameWriter"/>, in one write.</summary>
    public async ValueTask WriteFramesAsync(ReadOnlyMemory<byte> frames, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_closeSent)
            {
                throw new WebSocketException(WebSocketError.InvalidState, "The WebSocket has sent its close frame.");
            }

            await inner.WriteAsync(frames, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A frame of the WebSocket itself.</summary>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _closeSent |= WebSocketFrame.IsClose(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        _writeLock.Wait();
        try
        {
            _closeSent |= WebSocketFrame.IsClose(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Counted when asked, not when answered: no state machine per read, so an idle connection's pending read holds nothing.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.ReadAsync(buffer, offset, count, cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Interlocked.Increment(ref _reads);
        return inner.Read(buffer, offset, count);
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override void Flush()
    {
        _writeLock.Wait();
        try
        {
            inner.Flush();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>
    /// After the WebSocket sent its close frame and then gave up the connection without reading the peer's
    /// answer (it fails the connection itself on invalid UTF-8, sending 1007), reads and drops what the peer
    /// still sends until it closes or <paramref name="timeout"/> passes: a request that ends with unread
    /// bytes makes the kernel reset the connection, and a reset can discard the close frame before the peer
    /// has read it.
    /// </summary>
    public async Task DrainAfterCloseAsync(TimeSpan timeout)
    {
        if (!_closeSent)
        {
            return;
        }

        var scratch = new byte[256];
        using var expiry = new CancellationTokenSource(timeout);
        try
        {
            while (await inner.ReadAsync(scratch, expiry.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone, or never closed.
        }
        finally
        {
            inner.Dispose();
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Not once a close frame went out: the WebSocket disposes the stream when it fails the connection
        // itself right after its close frame, and disposing Kestrel's upgraded stream then could lose that
        // frame. DrainAfterCloseAsync, or else the request's end, releases the connection.
        if (disposing && !_closeSent)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
