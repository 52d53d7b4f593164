using System.Reflection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Unit;

public sealed class LeasedObserversTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Subscribe_tells_whether_the_observer_was_already_subscribed()
    {
        var observers = new LeasedObservers<IProbeObserver>(_time);
        var gateway = new ProbeObserver("gateway-1");

        Assert.False(observers.Subscribe(gateway));
        Assert.True(observers.Subscribe(gateway));
        Assert.False(observers.Subscribe(new ProbeObserver("gateway-2")));
    }

    [Fact]
    public void Notify_calls_every_subscriber_whose_lease_holds()
    {
        var observers = new LeasedObservers<IProbeObserver>(_time);
        var first = new ProbeObserver("gateway-1");
        var second = new ProbeObserver("gateway-2");
        observers.Subscribe(first);
        observers.Subscribe(second);

        Assert.Equal(2, observers.Notify(7, static (observer, item) => observer.Take(item)));

        Assert.Equal([7], first.Taken);
        Assert.Equal([7], second.Taken);
    }

    [Fact]
    public void A_lease_holds_up_to_its_end_and_lapses_after_it()
    {
        var observers = new LeasedObservers<IProbeObserver>(_time);
        var gateway = new ProbeObserver("gateway-1");
        observers.Subscribe(gateway);

        _time.Advance(LiveEventLease.Lease);
        Assert.True(observers.AnyLive());
        Assert.Equal(1, observers.Notify(1, static (observer, item) => observer.Take(item)));

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.False(observers.AnyLive());
        Assert.Equal(0, observers.Notify(2, static (observer, item) => observer.Take(item)));
        Assert.Equal([1], gateway.Taken);

        // Notify dropped the lapsed subscriber: subscribing again is a new subscription.
        Assert.False(observers.Subscribe(gateway));
    }

    [Fact]
    public void Renewing_extends_the_lease_from_now()
    {
        var observers = new LeasedObservers<IProbeObserver>(_time);
        var gateway = new ProbeObserver("gateway-1");
        observers.Subscribe(gateway);

        _time.Advance(LiveEventLease.RenewPeriod);
        Assert.True(observers.Subscribe(gateway));
        _time.Advance(LiveEventLease.Lease);

        Assert.Equal(1, observers.Notify(1, static (observer, item) => observer.Take(item)));
        Assert.Equal([1], gateway.Taken);
    }

    [Fact]
    public void An_unsubscribed_observer_is_not_called()
    {
        var observers = new LeasedObservers<IProbeObserver>(_time);
        var leaving = new ProbeObserver("gateway-1");
        var staying = new ProbeObserver("gateway-2");
        observers.Subscribe(leaving);
        observers.Subscribe(staying);

        observers.Unsubscribe(leaving);

        Assert.Equal(1, observers.Notify(3, static (observer, item) => observer.Take(item)));
        Assert.Empty(leaving.Taken);
        Assert.Equal([3], staying.Taken);
    }

    [Fact]
    public void Observers_are_known_by_grain_id_not_by_instance()
    {
        var observers = new LeasedObservers<IProbeObserver>(_time);
        var before = new ProbeObserver("gateway-1");
        var after = new ProbeObserver("gateway-1");
        observers.Subscribe(before);

        Assert.True(observers.Subscribe(after));
        observers.Notify(5, static (observer, item) => observer.Take(item));

        Assert.Empty(before.Taken);
        Assert.Equal([5], after.Taken);
    }

    [Fact]
    public void A_failing_call_does_not_stop_the_others()
    {
        var observers = new LeasedObservers<IProbeObserver>(_time);
        var failing = new ProbeObserver("gateway-1") { Fails = true };
        var working = new ProbeObserver("gateway-2");
        observers.Subscribe(failing);
        observers.Subscribe(working);

        Assert.Equal(2, observers.Notify(9, static (observer, item) => observer.Take(item)));
        Assert.Equal([9], working.Taken);
    }

    [Fact]
    public void EndAll_tells_every_subscriber_even_a_lapsed_one_and_forgets_them()
    {
        var observers = new LeasedObservers<IProbeObserver>(_time);
        var lapsed = new ProbeObserver("gateway-1");
        observers.Subscribe(lapsed);
        _time.Advance(LiveEventLease.Lease + TimeSpan.FromSeconds(1));
        var live = new ProbeObserver("gateway-2");
        observers.Subscribe(live);

        observers.EndAll(static observer => observer.End());

        Assert.Equal(1, lapsed.Ended);
        Assert.Equal(1, live.Ended);
        Assert.False(observers.AnyLive());
        Assert.Equal(0, observers.Notify(1, static (observer, item) => observer.Take(item)));
        Assert.False(observers.Subscribe(live));
    }

    /// <summary>A gateway's observer as the grain sees it: known by its grain id.</summary>
    public interface IProbeObserver : IGrainObserver
    {
        Task Take(int item);

        Task End();
    }

    private sealed class ProbeObserver(string key) : IProbeObserver, IGrainBase
    {
        public IGrainContext GrainContext { get; } = GrainContextWithId.Create(GrainId.Create("probe", key));

        public List<int> Taken { get; } = [];

        public int Ended { get; private set; }

        public bool Fails { get; init; }

        public Task Take(int item)
        {
            if (Fails)
            {
                // A one-way call to a gone gateway faults its task; the caller must not wait on it.
                return Task.FromException(new InvalidOperationException("gateway gone"));
            }

            Taken.Add(item);
            return Task.CompletedTask;
        }

        public Task End()
        {
            Ended++;
            return Task.CompletedTask;
        }
    }

    /// <summary>A grain context that only knows its id (all the leases read of an observer).</summary>
    public class GrainContextWithId : DispatchProxy
    {
        private GrainId _id;

        public static IGrainContext Create(GrainId id)
        {
            var context = DispatchProxy.Create<IGrainContext, GrainContextWithId>();
            ((GrainContextWithId)(object)context)._id = id;
            return context;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == "get_GrainId" ? _id : throw new NotSupportedException(targetMethod?.Name);
    }
}
