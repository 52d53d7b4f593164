using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// Renews the gateway's room and user subscriptions well within their lease, and on the way
/// repairs whatever a re-activated grain or a lost event kept from the local sessions.
/// </summary>
internal sealed partial class LiveSubscriptionRenewal : BackgroundService
{
    private readonly Func<Task> _renewAll;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private PeriodicTimer? _timer;

    public LiveSubscriptionRenewal(RoomFanout rooms, UserFanout users, TimeProvider time, ILogger<LiveSubscriptionRenewal> logger)
        : this(() => RenewAllAsync(rooms, users), time, logger)
    {
    }

    /// <summary>With any renewal: tests drive the period on a fake clock.</summary>
    internal LiveSubscriptionRenewal(Func<Task> renewAll, TimeProvider time, ILogger logger)
    {
        _renewAll = renewAll;
        _time = time;
        _logger = logger;
    }

    public static async Task RenewAllAsync(RoomFanout rooms, UserFanout users)
    {
        await users.RenewAllAsync();
        await rooms.RenewAllAsync();
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The period starts now, not when ExecuteAsync gets a thread (it runs in the background).
        _timer = new PeriodicTimer(LiveEventLease.RenewPeriod, _time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("Not started.");
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await _renewAll();
            }
            catch (Exception ex)
            {
                LogRenewFailed(_logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 5405, Level = LogLevel.Error, Message = "Renewing the live-event subscriptions failed")]
    private static partial void LogRenewFailed(ILogger logger, Exception ex);
}
