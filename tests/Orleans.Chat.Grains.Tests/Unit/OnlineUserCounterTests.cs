using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Unit;

public sealed class OnlineUserCounterTests
{
    private readonly FakeStats _stats = new();
    private readonly OnlineUserCounter _counter = new(null!, Options.Create(new PresenceOptions()), TimeProvider.System, NullLogger<OnlineUserCounter>.Instance);

    [Fact]
    public async Task Nothing_changed_makes_no_call()
    {
        await _counter.FlushAsync(_stats);
        _counter.Online();
        _counter.Offline();
        await _counter.FlushAsync(_stats);

        Assert.Empty(_stats.Sent);
    }

    [Fact]
    public async Task The_changes_of_an_interval_go_in_one_call()
    {
        _counter.Online();
        _counter.Online();
        _counter.Online();
        _counter.Offline();

        await _counter.FlushAsync(_stats);
        await _counter.FlushAsync(_stats);

        Assert.Equal([2], _stats.Sent);
        Assert.Equal(0, _counter.Pending);
    }

    [Fact]
    public async Task A_failed_send_is_added_to_the_next_one()
    {
        _counter.Offline();
        _counter.Offline();
        _stats.FailNext = true;

        await _counter.FlushAsync(_stats);
        Assert.Equal(-2, _counter.Pending);

        _counter.Online();
        await _counter.FlushAsync(_stats);

        Assert.Equal([-1], _stats.Sent);
        Assert.Equal(0, _counter.Pending);
    }

    /// <summary>The stats grain as the counter sees it: the sums it was sent.</summary>
    private sealed class FakeStats : IChatStatsGrain
    {
        public List<int> Sent { get; } = [];

        public bool FailNext { get; set; }

        public Task AddOnlineUsers(int delta)
        {
            if (FailNext)
            {
                FailNext = false;
                return Task.FromException(new TimeoutException("stats grain unreachable"));
            }

            Sent.Add(delta);
            return Task.CompletedTask;
        }

        public Task RoomCreated() => throw new NotSupportedException();

        public Task ReportGateway(string gatewayId, int connections, TimeSpan ttl) => throw new NotSupportedException();

        public Task RemoveGateway(string gatewayId) => throw new NotSupportedException();

        public Task<ClusterStats> GetStats() => throw new NotSupportedException();
    }
}
