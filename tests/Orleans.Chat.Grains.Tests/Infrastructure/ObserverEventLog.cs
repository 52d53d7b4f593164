namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>
/// An <see cref="EventLog{T}"/> that is also a grain observer subscribed through a cluster client,
/// as a gateway is: holds the observer reference and deletes it on dispose.
/// </summary>
public abstract class ObserverEventLog<TEvent, TObserver> : EventLog<TEvent>, IAsyncDisposable
    where TObserver : class, IGrainObserver
{
    private IClusterClient? _client;
    private TObserver? _reference;

    public TObserver Reference => _reference ?? throw new InvalidOperationException("Not subscribed.");

    /// <summary>Creates this recorder's observer reference; the caller subscribes it.</summary>
    protected TObserver CreateReference(IClusterClient client)
    {
        _client = client;
        _reference = client.CreateObjectReference<TObserver>((TObserver)(object)this);
        return _reference;
    }

    public virtual ValueTask DisposeAsync()
    {
        if (_client is not null && _reference is not null)
        {
            _client.DeleteObjectReference<TObserver>(_reference);
        }

        return ValueTask.CompletedTask;
    }
}
