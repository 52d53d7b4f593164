using System.Net.WebSockets;
using System.Threading.Channels;

namespace Orleans.Chat.Bench.KestrelWs;

/// <summary>One client: a bounded outbound queue drained by one writer loop (a full queue drops the client).</summary>
public sealed class ChatConnection(WebSocket socket, string userId)
{
    private const int OutboundFrames = 4096;

    private readonly Channel<byte[]> _outbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(OutboundFrames)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public string UserId { get; } = userId;

    public HashSet<string> Rooms { get; } = new(StringComparer.Ordinal);

    public void Enqueue(byte[] frame)
    {
        if (!_outbound.Writer.TryWrite(frame))
        {
            _outbound.Writer.TryComplete();
            socket.Abort();
        }
    }

    public void Complete() => _outbound.Writer.TryComplete();

    public async Task RunWriterAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var frame))
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone.
        }
    }
}
