using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// Renews the gateway's room subscriptions well within their lease, and on the way repairs any
/// room whose activation was replaced or whose events went missing.
/// </summary>
internal sealed partial class RoomSubscriptionRenewal(RoomFanout rooms, ILogger<RoomSubscriptionRenewal> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RoomSubscription.RenewPeriod);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await rooms.RenewAllAsync();
            }
            catch (Exception ex)
            {
                LogRenewFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Renewing the room subscriptions failed")]
    private static partial void LogRenewFailed(ILogger logger, Exception ex);
}
