using System.Collections.Concurrent;

namespace Orleans.Chat.Bench.SignalR;

/// <summary>Every two-user conversation of the process, in memory, by conversation id.</summary>
public sealed class ChatConversations
{
    private readonly ConcurrentDictionary<string, ChatConversation> _conversations = new(StringComparer.Ordinal);

    public ChatConversation Between(string userA, string userB)
    {
        var id = IdOf(userA, userB);
        return _conversations.GetOrAdd(id, static id => new ChatConversation(id));
    }

    /// <summary>docs/PROTOCOL.md: "dm:" + esc(a) + ":" + esc(b), a &lt;= b in ordinal order.</summary>
    public static string IdOf(string userA, string userB)
    {
        var (a, b) = string.CompareOrdinal(userA, userB) <= 0 ? (userA, userB) : (userB, userA);
        return $"dm:{Escape(a)}:{Escape(b)}";
    }

    private static string Escape(string id) => id.Replace("%", "%25", StringComparison.Ordinal).Replace(":", "%3A", StringComparison.Ordinal);
}

/// <summary>One conversation: the next seq and recent history. No storage, no read state, no unread cap.</summary>
public sealed class ChatConversation(string id)
{
    private const int HistoryPerConversation = 1000;

    private readonly SemaphoreSlim _publishing = new(1, 1);
    private readonly Queue<PrivateMessage> _history = new();
    private long _seq;

    public string Id { get; } = id;

    /// <summary>
    /// Assigns the next seq, records the message and hands it to <paramref name="publish"/>, one
    /// message of the conversation at a time (both users send into it: without this, two hub calls
    /// would reach the connections out of seq order).
    /// </summary>
    public async Task<PrivateMessage> PublishAsync(string from, string to, string content, string type, Func<PrivateMessage, Task> publish)
    {
        await _publishing.WaitAsync();
        try
        {
            var message = new PrivateMessage(
                Guid.NewGuid().ToString("N"), Id, ++_seq, from, new UserRef(from, from), to, content, type,
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), false, false);
            _history.Enqueue(message);
            if (_history.Count > HistoryPerConversation)
            {
                _history.Dequeue();
            }

            await publish(message);
            return message;
        }
        finally
        {
            _publishing.Release();
        }
    }
}
