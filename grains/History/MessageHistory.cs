using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;
using Orleans.Storage;

namespace Orleans.Chat.Grains;

/// <summary>
/// The history of a room or a conversation: the window readers may see, in memory
/// (<see cref="RetainedMessages{TMessage}"/>), over its pages in storage
/// (<see cref="HistoryPages{TPage,TMessage}"/>). A message is retained only once its page write
/// succeeded, so whatever a reader sees is stored, and the next seq is always LastSeq + 1.
/// </summary>
/// <remarks>
/// Stores and compactions must not overlap one another (the owner serializes them: a grain's
/// turns, or a lock), since a store assumes the seqs it was given are still the next ones.
/// </remarks>
internal sealed class MessageHistory<TPage, TMessage, TState>(
    IGrainContext owner, IPersistentState<TState> ownerState, int pageSize, int retainedMessages, ILogger logger)
    where TPage : class, IHistoryPage<TMessage>, new()
    where TMessage : class, ISequencedMessage
    where TState : IHistoryPagesState
{
    /// <summary>Most messages one history read returns.</summary>
    public const int MaxReadLimit = 100;

    private readonly HistoryPages<TPage, TMessage> _pages =
        new(owner.GrainId, owner.ActivationServices.GetRequiredKeyedService<IGrainStorage>(ChatStorage.Name), pageSize);

    private readonly RetainedMessages<TMessage> _retained = new(retainedMessages, pageSize);

    public long LastSeq => _retained.LastSeq;

    /// <summary>The oldest seq readers may see (LastSeq + 1 while there is no message).</summary>
    public long FirstSeq => _retained.FirstSeq;

    public long HeadPage => _pages.HeadPage;

    /// <summary>The owner's change counter: the change seq of the last edit or delete (0 before any).</summary>
    public long LastChangeSeq => _pages.LastChangeSeq;

    /// <summary>
    /// Reads the retained pages from where the owner's state says they are. Returns every message
    /// read, in seq order (the oldest page may also hold some just below the window).
    /// </summary>
    public async Task<IReadOnlyList<TMessage>> LoadAsync()
    {
        var messages = await _pages.LoadAsync(ownerState.State.HeadPage, ownerState.State.OldestStoredPage, retainedMessages);
        foreach (var message in messages)
        {
            _retained.Add(message);
        }

        // A page records the counter as of its last write; a message may carry a newer one only if its page did too.
        _pages.LastChangeSeq = Math.Max(_pages.LastChangeSeq, messages.Select(message => message.ChangeSeq).DefaultIfEmpty(0).Max());
        return messages;
    }

    /// <inheritdoc cref="RetainedMessages{TMessage}.TryFind"/>
    public bool TryFind(string senderId, string clientMsgId, out TMessage message) => _retained.TryFind(senderId, clientMsgId, out message);

    /// <inheritdoc cref="RetainedMessages{TMessage}.TryGet"/>
    public bool TryGet(long seq, out TMessage message) => _retained.TryGet(seq, out message);

    /// <inheritdoc cref="RetainedMessages{TMessage}.ChangedAfter"/>
    public (IReadOnlyList<TMessage> Messages, bool HasMore) ChangedAfter(long sinceChangeSeq, int limit, long maxSeq = long.MaxValue) =>
        _retained.ChangedAfter(sinceChangeSeq, Math.Clamp(limit, 1, MaxReadLimit), maxSeq);

    /// <summary>
    /// Stores a new version of a visible message (an edit or a delete) whose
    /// <see cref="ISequencedMessage.ChangeSeq"/> is <see cref="LastChangeSeq"/> + 1, with one write of
    /// its page; readers see it only once written. A failed write drops the activation and throws, and
    /// the change seq stays free.
    /// </summary>
    public async Task ReplaceAsync(TMessage updated)
    {
        if (updated.ChangeSeq != LastChangeSeq + 1 || !_retained.TryGet(updated.Seq, out _))
        {
            throw new ArgumentException($"Seq {updated.Seq} with change seq {updated.ChangeSeq} cannot be stored after change {LastChangeSeq}.", nameof(updated));
        }

        _pages.LastChangeSeq = updated.ChangeSeq;
        try
        {
            await _pages.ReplaceAsync(updated);
        }
        catch (Exception exception)
        {
            _pages.LastChangeSeq = updated.ChangeSeq - 1;
            logger.ReplaceFailed(owner.GrainId, updated.Seq, exception);
            owner.Deactivate(StorageWrites.ReloadAfterFailedWrite);
            throw;
        }

        _retained.Replace(updated);
    }

    /// <inheritdoc cref="RetainedMessages{TMessage}.Newest"/>
    public IReadOnlyList<TMessage> Newest(int limit) => _retained.Newest(limit);

    /// <inheritdoc cref="RetainedMessages{TMessage}.Oldest"/>
    public IReadOnlyList<TMessage> Oldest(long afterSeq, int limit) => _retained.Oldest(afterSeq, limit);

    /// <summary>
    /// A page for a history read: the oldest messages after <paramref name="afterSeq"/> when given,
    /// else the newest, below <paramref name="beforeSeq"/> when given; 1 to <see cref="MaxReadLimit"/> of them.
    /// </summary>
    public IReadOnlyList<TMessage> Read(long? afterSeq, long? beforeSeq, int limit)
    {
        limit = Math.Clamp(limit, 1, MaxReadLimit);
        var before = beforeSeq ?? long.MaxValue;
        return afterSeq is { } after ? _retained.Oldest(after, limit, before) : _retained.Newest(limit, before);
    }

    /// <summary>
    /// Stores messages with the next consecutive seqs, one page write per page they span, and
    /// retains each page's messages once written. Stops at the first failed write: returns how many
    /// were stored, or throws when it is none. Either way a failure drops the activation.
    /// </summary>
    public async Task<(int Stored, bool StartedPage)> StoreAsync(IReadOnlyList<TMessage> messages)
    {
        var stored = 0;
        var startedPage = false;
        while (stored < messages.Count)
        {
            var onPage = OnePage(messages, stored);
            try
            {
                startedPage |= await _pages.AppendAsync(onPage);
            }
            catch (Exception exception)
            {
                // The seqs were not taken, so the next messages get them: never skipped. Should the
                // write have landed after all, the reloaded activation finds it: never reused.
                logger.AppendFailed(owner.GrainId, onPage[0].Seq, exception);
                owner.Deactivate(StorageWrites.ReloadAfterFailedWrite);
                if (stored == 0)
                {
                    throw;
                }

                break;
            }

            foreach (var message in onPage)
            {
                _retained.Add(message);
            }

            stored += onPage.Count;
        }

        return (stored, startedPage);
    }

    /// <summary>The messages from <paramref name="start"/> on that share its page: all of them, without a copy, in the common case.</summary>
    private IReadOnlyList<TMessage> OnePage(IReadOnlyList<TMessage> messages, int start)
    {
        var page = _pages.PageOf(messages[start].Seq);
        var end = start + 1;
        while (end < messages.Count && _pages.PageOf(messages[end].Seq) == page)
        {
            end++;
        }

        if (start == 0 && end == messages.Count)
        {
            return messages;
        }

        var onPage = new TMessage[end - start];
        for (var i = start; i < end; i++)
        {
            onPage[i - start] = messages[i];
        }

        return onPage;
    }

    /// <summary>
    /// After messages are stored: clears pages that fell out of retention and, when
    /// <paramref name="writeOwnerState"/> (a page was started, or the owner has changes of its own),
    /// records the head page with a write of the owner's state. Both only save work later, so
    /// failures are logged.
    /// </summary>
    public async Task CompactAsync(bool writeOwnerState)
    {
        try
        {
            await _pages.ClearBelowAsync(_pages.PageOf(_retained.FirstSeq));
        }
        catch (Exception exception)
        {
            logger.ClearPagesFailed(owner.GrainId, exception);
        }

        if (writeOwnerState)
        {
            ownerState.State.HeadPage = _pages.HeadPage;
            ownerState.State.OldestStoredPage = _pages.OldestStoredPage;
            try
            {
                await ownerState.WriteOrDeactivateAsync(owner);
            }
            catch (Exception exception)
            {
                logger.HeadPageWriteFailed(owner.GrainId, _pages.HeadPage, exception);
            }
        }
    }
}
