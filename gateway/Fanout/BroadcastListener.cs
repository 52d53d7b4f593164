using System.Text.Json;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Streams;
using Orleans.Streams;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// Subscribes this gateway (once) to the cluster-wide broadcast stream and writes each
/// announcement from POST /api/broadcast to every local session, encoded once.
/// </summary>
public sealed partial class BroadcastListener(IClusterClient client, SessionRegistry sessions, ILogger<BroadcastListener> logger)
    : IHostedService, IAsyncObserver<BroadcastEvent>
{
    private StreamSubscriptionHandle<BroadcastEvent>? _handle;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var stream = client.GetStreamProvider(ChatStreams.ProviderName).GetStream<BroadcastEvent>(ChatStreams.Broadcast());
        _handle = await stream.SubscribeAsync(this);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_handle is { } handle)
        {
            try
            {
                await handle.UnsubscribeAsync();
            }
            catch (Exception ex)
            {
                LogUnsubscribeFailed(logger, ex);
            }
        }
    }

    public Task OnNextAsync(BroadcastEvent item, StreamSequenceToken? token = null)
    {
        using var data = JsonDocument.Parse(item.DataJson);
        var outbound = new OutboundEvent(item.Event, data.RootElement.Clone(), ChatJsonContext.Default.JsonElement);
        foreach (var session in sessions.Sessions)
        {
            session.Enqueue(outbound);
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, ex);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 5400, Level = LogLevel.Warning, Message = "Unsubscribing from the broadcast stream failed")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 5401, Level = LogLevel.Warning, Message = "The broadcast stream reported an error")]
    private static partial void LogStreamError(ILogger logger, Exception ex);
}
