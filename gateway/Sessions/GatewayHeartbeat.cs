using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Fanout;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Renews, on a timer, this gateway's one lease (<see cref="IGatewayRegistryGrain"/>) and reports its
/// connection count: two calls per interval whatever the number of users. If this process dies, the lease
/// lapses and its users go offline and its subscriptions end with it; if the registry says the lease had
/// lapsed (this process was cut off for longer than the TTL), everything is re-asserted.
/// </summary>
public sealed partial class GatewayHeartbeat(
    IGrainFactory grains,
    SessionRegistry sessions,
    GatewayReassert reassert,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<GatewayHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var gateway = options.Value;
        var reassertPending = false;
        using var timer = new PeriodicTimer(gateway.LeaseRenewInterval, time);
        do
        {
            try
            {
                // The lease first: a failing stats grain must not let it lapse.
                // A failed re-assert is tried again next interval: the registry says "lapsed" only once.
                if (await grains.Reference<IGatewayRegistryGrain>(0).Renew(gateway.Id) || reassertPending)
                {
                    LogLeaseHadLapsed(logger, gateway.Id);
                    reassertPending = true;
                    await reassert.ReassertAsync(stoppingToken);
                    reassertPending = false;
                }

                await grains.Reference<IChatStatsGrain>(0).ReportGateway(gateway.Id, sessions.ConnectionCount, gateway.HeartbeatTtl);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogHeartbeatFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Lapse now rather than after the TTL: whatever this gateway still holds is dropped at once.
            await grains.Reference<IGatewayRegistryGrain>(0).Leave(options.Value.Id);
            await grains.Reference<IChatStatsGrain>(0).RemoveGateway(options.Value.Id);
        }
        catch (Exception ex)
        {
            LogHeartbeatFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 5800, Level = LogLevel.Warning, Message = "Gateway heartbeat failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 5803, Level = LogLevel.Warning, Message = "The lease of gateway {GatewayId} had lapsed: re-asserting its users' presence and its subscriptions")]
    private static partial void LogLeaseHadLapsed(ILogger logger, string gatewayId);
}
