using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Notifications;

/// <summary>
/// Gathers a user's notifications per type for Notifications:Debounce from the first one (a fixed
/// window, so a steady stream still yields a call per window), then hands one webhook call per type
/// to the <see cref="IWebhookSender"/>: the latest message and how many it covers. Presence is
/// checked on arrival and again at the send; a user who came online in between gets nothing.
/// Pending state is two small batches in memory: a notification is best effort, and one lost with
/// its silo is not worth a storage write per message.
/// </summary>
internal sealed class NotificationGrain(IOptions<NotificationOptions> options, IServiceProvider services, ILogger<NotificationGrain> logger)
    : Grain, INotificationGrain
{
    private readonly NotificationOptions _options = options.Value;
    private readonly IWebhookSender? _sender = services.GetService<IWebhookSender>();
    private readonly Batch[] _batches = [new(), new()];

    private string UserId => this.GetPrimaryKeyString();

    public async Task PrivateMessage(PrivateMessage message)
    {
        if (_sender is null || !_options.Enabled || await IsOnlineAsync())
        {
            return;
        }

        await AddAsync(NotificationType.PrivateMessage, message, null);
    }

    public async Task Mention(ChatMessage message)
    {
        if (_sender is null || !_options.Enabled
            || !await GrainFactory.Reference<IRoomGrain>(message.RoomId).IsMember(UserId)
            || await IsOnlineAsync())
        {
            return;
        }

        await AddAsync(NotificationType.Mention, null, message);
    }

    private async Task AddAsync(NotificationType type, PrivateMessage? privateMessage, ChatMessage? roomMessage)
    {
        var batch = _batches[(int)type];
        batch.Count++;

        // Grain calls may overtake each other: the newest message is the one shown, not the last to arrive.
        if (batch.Private is null || (privateMessage is not null && IsNewer(privateMessage.Timestamp, privateMessage.Seq, batch.Private.Timestamp, batch.Private.Seq)))
        {
            batch.Private = privateMessage;
        }

        if (batch.Room is null || (roomMessage is not null && IsNewer(roomMessage.Timestamp, roomMessage.Seq, batch.Room.Timestamp, batch.Room.Seq)))
        {
            batch.Room = roomMessage;
        }

        if (_options.Debounce <= TimeSpan.Zero)
        {
            await FlushAsync(type);
        }
        else
        {
            batch.Timer ??= this.RegisterGrainTimer(FlushAsync, type, new GrainTimerCreationOptions { DueTime = _options.Debounce, Period = Timeout.InfiniteTimeSpan });
        }
    }

    private async Task FlushAsync(NotificationType type)
    {
        var batch = _batches[(int)type];
        var (count, privateMessage, roomMessage) = (batch.Count, batch.Private, batch.Room);
        batch.Clear();
        if (count == 0 || _sender is null)
        {
            return;
        }

        if (await IsOnlineAsync())
        {
            NotificationLog.DroppedOnline(logger, UserId, type, count);
        }
        else
        {
            var body = NotificationBody.Write(type, UserId, count, roomMessage, privateMessage, _options.MaxContentLength);
            _sender.TryEnqueue(new WebhookNotification(UserId, type, Guid.NewGuid().ToString("N"), body));
        }

        if (_batches.All(pending => pending.Count == 0))
        {
            // Nothing left to hold: a user's next burst activates a fresh one, so idle users cost nothing.
            DeactivateOnIdle();
        }
    }

    private static bool IsNewer(long timestamp, long seq, long thanTimestamp, long thanSeq) =>
        timestamp > thanTimestamp || (timestamp == thanTimestamp && seq > thanSeq);

    private async Task<bool> IsOnlineAsync() =>
        (await GrainFactory.PresenceOf(UserId).GetPresence(UserId)).IsOnline;

    private sealed class Batch
    {
        public int Count;
        public PrivateMessage? Private;
        public ChatMessage? Room;
        public IGrainTimer? Timer;

        public void Clear()
        {
            Timer?.Dispose();
            (Count, Private, Room, Timer) = (0, null, null, null);
        }
    }
}
