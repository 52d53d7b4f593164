using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// Renews the gateway's room and user subscriptions well within their lease, and on the way
/// repairs whatever a re-activated grain or a lost event kept from the local sessions.
/// </summary>
internal sealed partial class LiveSubscriptionRenewal(RoomFanout rooms, UserFanout users, ILogger<LiveSubscriptionRenewal> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(LiveEventLease.RenewPeriod);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RenewAllAsync(rooms, users);
            }
            catch (Exception ex)
            {
                LogRenewFailed(logger, ex);
            }
        }
    }

    public static async Task RenewAllAsync(RoomFanout rooms, UserFanout users)
    {
        await users.RenewAllAsync();
        await rooms.RenewAllAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Renewing the live-event subscriptions failed")]
    private static partial void LogRenewFailed(ILogger logger, Exception ex);
}
