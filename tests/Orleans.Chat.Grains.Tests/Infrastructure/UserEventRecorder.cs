using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Subscribes to a user's live events as a gateway does, and records what arrives.</summary>
public sealed class UserEventRecorder : EventLog<UserEvent>, IUserObserver, IAsyncDisposable
{
    private IClusterClient? _client;
    private IUserObserver? _reference;

    public IUserObserver Reference => _reference ?? throw new InvalidOperationException("Not subscribed.");

    public static async Task<UserEventRecorder> SubscribeAsync(IClusterClient client, string userId)
    {
        var recorder = new UserEventRecorder { _client = client };
        recorder._reference = client.CreateObjectReference<IUserObserver>(recorder);
        await client.GetGrain<IUserGrain>(userId).Subscribe(recorder._reference);
        return recorder;
    }

    public Task OnUserEvent(UserEvent userEvent)
    {
        Record(userEvent);
        return Task.CompletedTask;
    }

    public Task OnSubscriptionEnded() => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        if (_client is not null && _reference is not null)
        {
            _client.DeleteObjectReference<IUserObserver>(_reference);
        }

        return ValueTask.CompletedTask;
    }
}
