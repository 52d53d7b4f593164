using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// HTTP long-polling for one session: a GET waits for queued packets and takes all of them in one
/// response; a POST carries the client's packets. Overlapping GETs or POSTs close the session.
/// </summary>
internal sealed class PollingTransport(EngineIoSession session)
{
    private static readonly byte[] Ok = "ok"u8.ToArray();
    private static readonly TimeSpan UpgradeSettleTime = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private int _getActive;
    private int _postActive;
    private CancellationTokenSource? _interrupt;

    public bool IsGetActive => Volatile.Read(ref _getActive) == 1;

    /// <summary>
    /// Held by whoever drains the session's send queue, so a finishing poll and the WebSocket it upgrades to never
    /// both write. Only a session opened by polling has two transports, so only it has this.
    /// </summary>
    public SemaphoreSlim OutboundLease { get; } = new(1, 1);

    /// <summary>Ends the pending GET (if any) with a noop, as the upgrade requires.</summary>
    public void Interrupt()
    {
        lock (_gate)
        {
            _interrupt?.Cancel();
        }
    }

    public async Task HandleGetAsync(HttpContext context)
    {
        if (Interlocked.Exchange(ref _getActive, 1) == 1)
        {
            session.Close(EngineIoCloseReason.TransportError);
            await EngineIoErrorResponder.WriteAsync(context, EngineIoError.BadRequest).ConfigureAwait(false);
            return;
        }

        using var interrupt = new CancellationTokenSource();
        var leased = false;
        try
        {
            lock (_gate)
            {
                _interrupt = interrupt;
            }

            await OutboundLease.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            leased = true;
            if (session.Upgrade == UpgradeStage.Probed)
            {
                // The client is pausing polling for the upgrade: no long wait.
                await interrupt.CancelAsync().ConfigureAwait(false);
            }

            var messages = new List<OutboundMessage>();
            if (!Drain(messages) && !interrupt.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Closed, interrupt.Token);
                try
                {
                    await session.Outbound.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            if (context.RequestAborted.IsCancellationRequested)
            {
                // The reference server treats a poll closed early as a broken transport.
                session.Close(EngineIoCloseReason.TransportError);
                return;
            }

            if (session.IsClosed)
            {
                if (session.ClosedByClient)
                {
                    messages.Clear();
                    messages.Add(OutboundMessage.Noop);
                }
                else
                {
                    Drain(messages);
                    messages.Add(OutboundMessage.Close);
                }
            }
            else if (!Drain(messages) && messages.Count == 0)
            {
                // Ended by the upgrade probe. Like the reference server's 100 ms upgrade check, give an
                // upgrade packet already on its way the chance to land: this poll then belongs to a
                // transport that is gone, and is refused as later polls are.
                if (await session.WaitForUpgradeAsync(UpgradeSettleTime, context.RequestAborted).ConfigureAwait(false))
                {
                    await EngineIoErrorResponder.WriteAsync(context, EngineIoError.BadRequest).ConfigureAwait(false);
                    return;
                }

                messages.Add(OutboundMessage.Noop);
            }

            await WriteAsync(context, messages).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            session.Close(EngineIoCloseReason.TransportError);
        }
        finally
        {
            lock (_gate)
            {
                _interrupt = null;
            }

            if (leased)
            {
                OutboundLease.Release();
            }

            Volatile.Write(ref _getActive, 0);
        }
    }

    public async Task HandlePostAsync(HttpContext context)
    {
        if (Interlocked.Exchange(ref _postActive, 1) == 1)
        {
            session.Close(EngineIoCloseReason.TransportError);
            await EngineIoErrorResponder.WriteAsync(context, EngineIoError.BadRequest).ConfigureAwait(false);
            return;
        }

        byte[]? body = null;
        try
        {
            var request = context.Request;
            if (string.Equals(request.ContentType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
            {
                // v4 sends binary as base64 text; a binary body belongs to an older protocol.
                session.Close(EngineIoCloseReason.TransportError);
                await EngineIoErrorResponder.WriteAsync(context, EngineIoError.BadRequest).ConfigureAwait(false);
                return;
            }

            var maxPayload = session.Server.Options.MaxPayload;
            var (buffer, length) = request.ContentLength > maxPayload
                ? (null, -1)
                : await ReadBodyAsync(request, maxPayload, context.RequestAborted).ConfigureAwait(false);
            body = buffer;
            if (length < 0)
            {
                session.Close(EngineIoCloseReason.TransportError);
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            var packets = new List<EngineIoPacket>();
            if (!EngineIoPacketParser.TryParsePayload(body.AsMemory(0, length), packets))
            {
                session.Close(EngineIoCloseReason.ParseError);
                await EngineIoErrorResponder.WriteAsync(context, EngineIoError.BadRequest).ConfigureAwait(false);
                return;
            }

            foreach (var packet in packets)
            {
                await session.HandleInboundAsync(packet).ConfigureAwait(false);
            }

            var response = context.Response;
            // text/html rather than text/plain keeps some user agents from offering a download.
            response.ContentType = "text/html";
            response.ContentLength = Ok.Length;
            response.Headers.CacheControl = "no-store";
            await response.Body.WriteAsync(Ok, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            session.Close(EngineIoCloseReason.TransportError);
        }
        finally
        {
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }

            Volatile.Write(ref _postActive, 0);
        }
    }

    private bool Drain(List<OutboundMessage> messages)
    {
        var any = false;
        while (session.Outbound.TryRead(out var message))
        {
            messages.Add(message);
            any = true;
        }

        return any;
    }

    private static async Task WriteAsync(HttpContext context, List<OutboundMessage> messages)
    {
        var buffer = PollingPayloadEncoder.Encode(messages, out var length);
        try
        {
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/plain; charset=UTF-8";
            response.ContentLength = length;
            response.Headers.CacheControl = "no-store";
            await response.Body.WriteAsync(buffer.AsMemory(0, length), context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the body into a rented buffer; length -1 when it is larger than <paramref name="maxPayload"/>.</summary>
    private static async Task<(byte[]? Buffer, int Length)> ReadBodyAsync(HttpRequest request, int maxPayload, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var data = result.Buffer;
            if (data.Length > maxPayload)
            {
                reader.AdvanceTo(data.End);
                return (null, -1);
            }

            if (result.IsCompleted)
            {
                var length = (int)data.Length;
                var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                data.CopyTo(buffer);
                reader.AdvanceTo(data.End);
                return (buffer, length);
            }

            reader.AdvanceTo(data.Start, data.End);
        }
    }
}
