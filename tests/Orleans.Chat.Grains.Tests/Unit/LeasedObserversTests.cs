using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Orleans.Chat.Grains.Tests.Unit;

public sealed class LeasedObserversTests
{
    private static readonly GrainId Owner = GrainId.Create("room", "room-1");

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeRegistry _registry = new();
    private readonly GatewayLiveness _liveness;
    private readonly List<bool> _keptAlive = [];
    private readonly LeasedObservers<IProbeObserver> _observers;

    public LeasedObserversTests()
    {
        _liveness = new GatewayLiveness(null!, Options.Create(new PresenceOptions()), _time, NullLogger<GatewayLiveness>.Instance);
        _observers = new LeasedObservers<IProbeObserver>(_liveness, GrainContextWithId.Create(Owner), _keptAlive.Add);
    }

    [Fact]
    public void Subscribe_tells_whether_the_observer_was_already_subscribed()
    {
        var gateway = new ProbeObserver("gateway-1");

        Assert.False(_observers.Subscribe(gateway, "g1"));
        Assert.True(_observers.Subscribe(gateway, "g1"));
        Assert.False(_observers.Subscribe(new ProbeObserver("gateway-2"), "g2"));
    }

    [Fact]
    public void Notify_calls_every_subscriber_whose_gateway_is_live()
    {
        var first = new ProbeObserver("gateway-1");
        var second = new ProbeObserver("gateway-2");
        _observers.Subscribe(first, "g1");
        _observers.Subscribe(second, "g2");

        Assert.Equal(2, _observers.Notify(7, static (observer, item) => observer.Take(item)));

        Assert.Equal([7], first.Taken);
        Assert.Equal([7], second.Taken);
    }

    [Fact]
    public async Task A_subscriber_whose_gateway_lapsed_is_skipped_and_dropped_however_long_it_was_idle()
    {
        var dead = new ProbeObserver("gateway-1");
        var live = new ProbeObserver("gateway-2");
        _observers.Subscribe(dead, "g1");
        _observers.Subscribe(live, "g2");

        // No renewal of anything per subscriber: time alone lapses nothing.
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, _observers.Notify(1, static (observer, item) => observer.Take(item)));

        _registry.Lapsed.Add("g1");
        var told = await _liveness.CheckAsync(_registry);

        Assert.Equal([("g1", Owner)], told);
        Assert.True(_observers.AnyLive());
        Assert.Equal(1, _observers.Notify(2, static (observer, item) => observer.Take(item)));
        Assert.Equal([1], dead.Taken);
        Assert.Equal([1, 2], live.Taken);

        // Notify dropped it: subscribing again is a new subscription.
        Assert.False(_observers.Subscribe(dead, "g1"));
    }

    [Fact]
    public async Task A_subscription_made_after_the_check_began_is_not_dropped_by_its_answer()
    {
        var gateway = new ProbeObserver("gateway-1");
        _observers.Subscribe(gateway, "g1");
        _registry.Lapsed.Add("g1");
        await _liveness.CheckAsync(_registry);

        // The gateway renewed (told it had lapsed) and re-subscribes before the next check.
        _observers.GatewayLapsed("g1");
        Assert.False(_observers.Subscribe(gateway, "g1"));
        Assert.Equal(1, _observers.Notify(3, static (observer, item) => observer.Take(item)));

        _registry.Lapsed.Clear();
        _registry.Asked.Clear();
        Assert.Empty(await _liveness.CheckAsync(_registry));
        Assert.Equal(["g1"], _registry.Asked);
        Assert.Equal(1, _observers.Notify(4, static (observer, item) => observer.Take(item)));
        Assert.Equal([3, 4], gateway.Taken);
    }

    [Fact]
    public async Task GatewayLapsed_drops_the_gateways_subscribers_and_ends_the_keep_alive()
    {
        var gateway = new ProbeObserver("gateway-1");
        _observers.Subscribe(gateway, "g1");
        Assert.True(_keptAlive[^1]);

        _registry.Lapsed.Add("g1");
        await _liveness.CheckAsync(_registry);
        _observers.GatewayLapsed("g1");

        Assert.Equal(0, _observers.Count);
        Assert.False(_keptAlive[^1]);

        // Nothing is tracked any more: the next check asks the registry nothing.
        _registry.Asked.Clear();
        await _liveness.CheckAsync(_registry);
        Assert.Empty(_registry.Asked);
    }

    [Fact]
    public void An_unsubscribed_observer_is_not_called()
    {
        var leaving = new ProbeObserver("gateway-1");
        var staying = new ProbeObserver("gateway-2");
        _observers.Subscribe(leaving, "g1");
        _observers.Subscribe(staying, "g2");

        _observers.Unsubscribe(leaving);

        Assert.Equal(1, _observers.Notify(3, static (observer, item) => observer.Take(item)));
        Assert.Empty(leaving.Taken);
        Assert.Equal([3], staying.Taken);
    }

    [Fact]
    public void Observers_are_known_by_grain_id_not_by_instance()
    {
        var before = new ProbeObserver("gateway-1");
        var after = new ProbeObserver("gateway-1");
        _observers.Subscribe(before, "g1");

        Assert.True(_observers.Subscribe(after, "g1"));
        _observers.Notify(5, static (observer, item) => observer.Take(item));

        Assert.Empty(before.Taken);
        Assert.Equal([5], after.Taken);
    }

    [Fact]
    public void A_failing_call_does_not_stop_the_others()
    {
        var failing = new ProbeObserver("gateway-1") { Fails = true };
        var working = new ProbeObserver("gateway-2");
        _observers.Subscribe(failing, "g1");
        _observers.Subscribe(working, "g2");

        Assert.Equal(2, _observers.Notify(9, static (observer, item) => observer.Take(item)));
        Assert.Equal([9], working.Taken);
    }

    [Fact]
    public async Task EndAll_tells_every_subscriber_even_a_lapsed_one_and_forgets_them()
    {
        var lapsed = new ProbeObserver("gateway-1");
        _observers.Subscribe(lapsed, "g1");
        _registry.Lapsed.Add("g1");
        await _liveness.CheckAsync(_registry);
        var live = new ProbeObserver("gateway-2");
        _observers.Subscribe(live, "g2");

        _observers.EndAll(static observer => observer.End());

        Assert.Equal(1, lapsed.Ended);
        Assert.Equal(1, live.Ended);
        Assert.False(_observers.AnyLive());
        Assert.Equal(0, _observers.Notify(1, static (observer, item) => observer.Take(item)));
        Assert.False(_keptAlive[^1]);
        Assert.False(_observers.Subscribe(live, "g2"));
    }

    /// <summary>The registry as the liveness check sees it: which of the asked gateways lapsed.</summary>
    private sealed class FakeRegistry : IGatewayRegistryGrain
    {
        public HashSet<string> Lapsed { get; } = [];

        public List<string> Asked { get; } = [];

        public Task<bool> Renew(string gatewayId) => throw new NotSupportedException();

        public Task Leave(string gatewayId) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> FindLapsed(IReadOnlyList<string> gatewayIds)
        {
            Asked.AddRange(gatewayIds);
            return Task.FromResult<IReadOnlyList<string>>([.. gatewayIds.Where(Lapsed.Contains)]);
        }
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

    /// <summary>A grain context that only knows its id (all the subscriber list reads of an observer or its owner).</summary>
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
