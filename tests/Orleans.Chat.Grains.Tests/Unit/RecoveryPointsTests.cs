using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Unit;

/// <summary>A user's Socket.IO recovery points: handed out once, never after expiry, at most the cap.</summary>
public sealed class RecoveryPointsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_point_is_handed_out_once_and_only_before_it_expires()
    {
        var points = new RecoveryPoints();
        points.Save("pid-a", Point("a"), Now.AddMinutes(2), Now, capacity: 4);
        points.Save("pid-b", Point("b"), Now.AddMinutes(2), Now, capacity: 4);

        Assert.Null(points.Take("pid-unknown", Now));
        Assert.Equal("a", points.Take("pid-a", Now.AddMinutes(1))?.SocketId);
        Assert.Null(points.Take("pid-a", Now.AddMinutes(1)));
        Assert.Null(points.Take("pid-b", Now.AddMinutes(2).AddTicks(1)));
    }

    [Fact]
    public void Past_the_cap_the_point_that_expires_first_goes()
    {
        var points = new RecoveryPoints();
        for (var i = 0; i < 5; i++)
        {
            points.Save($"pid-{i}", Point($"s{i}"), Now.AddSeconds(60 + i), Now, capacity: 3);
        }

        Assert.Null(points.Take("pid-0", Now));
        Assert.Null(points.Take("pid-1", Now));
        Assert.Equal(["s2", "s3", "s4"], new[] { "pid-2", "pid-3", "pid-4" }.Select(pid => points.Take(pid, Now)?.SocketId));
    }

    [Fact]
    public void It_asks_to_be_kept_until_the_last_point_expires_and_no_longer()
    {
        var points = new RecoveryPoints();
        Assert.Equal(TimeSpan.Zero, points.KeepFor(Now));
        points.Save("pid-a", Point("a"), Now.AddMinutes(2), Now, capacity: 4);
        points.Save("pid-b", Point("b"), Now.AddMinutes(1), Now, capacity: 4);

        Assert.Equal(TimeSpan.FromMinutes(2), points.KeepFor(Now));
        Assert.Equal(TimeSpan.Zero, points.KeepFor(Now.AddMinutes(3)));
    }

    private static SessionRecoveryPoint Point(string socketId) =>
        new() { SocketId = socketId, RoomCursors = new Dictionary<string, long>(StringComparer.Ordinal) { ["room"] = 7 } };
}
