using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// A conversation's users, read cursors and page bookkeeping. Written on page rollover, mark-read
/// and when a user's display name changes; messages live in <see cref="ConversationHistoryPage"/>s.
/// </summary>
[GenerateSerializer, Alias("chat.ConversationState")]
internal sealed class ConversationState : IHistoryPagesState
{
    /// <summary>User id to the user as last seen sending or reading here.</summary>
    [Id(0)] public Dictionary<string, UserRef> Users { get; set; } = [];

    /// <summary>
    /// User id to read cursor. Sending moves the sender's cursor to their message; that move is
    /// stored with the state's next write, and found again on load from the user's messages.
    /// </summary>
    [Id(1)] public Dictionary<string, long> ReadSeq { get; set; } = [];

    /// <summary>The newest history page as of the last rollover (a hint: loading probes forward).</summary>
    [Id(2)] public long HeadPage { get; set; }

    /// <summary>The oldest history page that may still hold data.</summary>
    [Id(3)] public long OldestStoredPage { get; set; }

    /// <summary>Messages per history page, fixed when the conversation was first stored.</summary>
    [Id(4)] public int PageSize { get; set; }
}
