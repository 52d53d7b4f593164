using Orleans.Chat.Events;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// A room's read-receipts, coalesced in one-second windows for the whole room: a read when no
/// window is open goes out at once and opens one; reads during a window are held (a user's later
/// read replaces their held one) and all go out in one push when it ends, which opens the next.
/// The window closes after a second with nothing held. So the room pushes receipts at most once a
/// second, hence at most one per user per second, with one grain timer whatever the readers.
/// Rooms with more than <paramref name="maxMembers"/> members send none.
/// </summary>
internal sealed class RoomReceipts(string roomId, int maxMembers, IGrainBase grain, Action<RoomEvent[]> publish)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, long> _held = [];
    private IGrainTimer? _window;

    /// <summary>Queues the receipt of a member's read (already clamped to the last seq); returns the seq.</summary>
    public long Read(string userId, long seq, int members)
    {
        if (members > maxMembers)
        {
            return seq;
        }

        if (_window is null)
        {
            publish([Receipt(userId, seq)]);
            _window = grain.RegisterGrainTimer(EndWindow, new GrainTimerCreationOptions { DueTime = Window, Period = Window });
        }
        else
        {
            // Cursors only move forward, so the newest read is the highest.
            _held[userId] = Math.Max(seq, _held.GetValueOrDefault(userId));
        }

        return seq;
    }

    /// <summary>A user who stopped being a member has nothing more to tell the room.</summary>
    public void Drop(string userId) => _held.Remove(userId);

    private Task EndWindow()
    {
        if (_held.Count == 0)
        {
            _window?.Dispose();
            _window = null;
            return Task.CompletedTask;
        }

        var receipts = new RoomEvent[_held.Count];
        var i = 0;
        foreach (var (userId, seq) in _held)
        {
            receipts[i++] = Receipt(userId, seq);
        }

        _held.Clear();
        publish(receipts);
        return Task.CompletedTask;
    }

    private RoomEvent Receipt(string userId, long seq) => new()
    {
        Kind = RoomEventKind.ReadReceipt,
        RoomId = roomId,
        UserId = userId,
        Receipt = new ReadReceipt { ScopeId = roomId, UserId = userId, Seq = seq },
    };
}
