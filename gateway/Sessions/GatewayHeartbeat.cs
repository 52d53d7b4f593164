using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Renews, on a timer, the presence lease of every user connected here and reports this
/// gateway's connection count. If this process dies, the leases lapse and its users go offline.
/// </summary>
public sealed partial class GatewayHeartbeat(
    IGrainFactory grains,
    SessionRegistry sessions,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<GatewayHeartbeat> logger) : BackgroundService
{
    private const int MaxConcurrentRenewals = 64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var gateway = options.Value;
        using var timer = new PeriodicTimer(gateway.LeaseRenewInterval, time);
        do
        {
            try
            {
                await grains.GetGrain<IChatStatsGrain>(0).ReportGateway(gateway.Id, sessions.ConnectionCount, gateway.HeartbeatTtl);
                await Parallel.ForEachAsync(
                    sessions.PresentUserIds,
                    new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentRenewals, CancellationToken = stoppingToken },
                    async (userId, _) => await RenewAsync(userId, gateway.Id));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogHeartbeatFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Renews the user's lease; restores it when the presence grain lost it (silo failure).</summary>
    private async Task RenewAsync(string userId, string gatewayId)
    {
        var presence = grains.GetGrain<IPresenceGrain>(userId);
        if (!await presence.RenewLease(gatewayId) && sessions.PresenceOf(userId) is { } held)
        {
            await presence.RestoreLease(gatewayId, held.User, held.Connections);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await grains.GetGrain<IChatStatsGrain>(0).RemoveGateway(options.Value.Id);
        }
        catch (Exception ex)
        {
            LogHeartbeatFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 5800, Level = LogLevel.Warning, Message = "Gateway heartbeat failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception ex);
}
