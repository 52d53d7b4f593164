using Orleans.Chat.Client.Internal;
using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client;

// After a reconnect: the edits and deletes missed meanwhile, raised as MessageEdited / MessageDeleted.
public sealed partial class ChatClient
{
    /// <summary>The largest get-changes page.</summary>
    private const int ChangesPage = 100;

    /// <summary>A re-join ack's changes, then get-changes pages while the server says there are more.</summary>
    private async Task<(List<MessageChange> Changes, long? LastChangeSeq, ChatException? Error)> FetchRoomChangesAsync(string roomId, JoinRoomAck ack)
    {
        var changes = (ack.Changes ?? []).Select(MessageChange.Of).ToList();
        long? last = ack.LastChangeSeq;
        try
        {
            for (var more = ack.HasMoreChanges; more;)
            {
                var since = changes.Count == 0 ? 0 : changes.Max(static change => change.ChangeSeq);
                var page = await GetChangesAsync(roomId, since, ChangesPage).ConfigureAwait(false);
                changes.AddRange(page.Messages.Select(MessageChange.Of));
                last = page.LastChangeSeq;
                more = page.HasMore && page.Messages.Count > 0;
            }
        }
        catch (ChatException ex)
        {
            return (changes, last, ex);
        }

        return (changes, last, null);
    }

    /// <summary>
    /// Once the conversations caught up on messages: each one the app has messages of whose change counter moved on
    /// (the connect sidebar, or get-conversations without one) gets its changes with get-changes. Completes with one
    /// entry per conversation, its message catch-up and its change recovery together.
    /// </summary>
    private async Task<List<ConversationRecovery>> RecoverConversationChangesAfterAsync(SocketConnection connection, Task<List<ConversationRecovery>> catchUps, Sidebar? sidebar)
    {
        var results = (await catchUps.ConfigureAwait(false)).ToDictionary(static r => r.ConversationId, StringComparer.Ordinal);
        IReadOnlyList<ConversationSummary> listed;
        try
        {
            listed = sidebar?.Conversations ?? (await GetConversationsAsync(ChangesPage).ConfigureAwait(false)).Conversations;
        }
        catch (ChatException)
        {
            listed = [];
        }

        var counters = listed.ToDictionary(static c => c.ConversationId, StringComparer.Ordinal);
        var work = new List<(string ConversationId, string WithUserId, long Since)>();
        lock (_gate)
        {
            if (_connection != connection)
            {
                return [.. results.Values];
            }

            var candidates = _conversations.Known().ToDictionary(static c => c.ConversationId, static c => c.WithUserId, StringComparer.Ordinal);
            foreach (var summary in listed)
            {
                if (_conversationChanges.LastChangeSeq(summary.ConversationId) is not null)
                {
                    candidates.TryAdd(summary.ConversationId, summary.WithUser.Id);
                }
            }

            foreach (var (conversationId, withUserId) in candidates)
            {
                var known = _conversationChanges.LastChangeSeq(conversationId);
                var listedSeq = counters.TryGetValue(conversationId, out var summary) ? summary.LastChangeSeq : (long?)null;
                if (listedSeq <= known)
                {
                    continue; // nothing new
                }

                if (known is null && listedSeq == 0)
                {
                    continue; // never changed: nothing to fetch
                }

                work.Add((conversationId, withUserId, _conversationChanges.Begin(conversationId) ?? 0));
            }

            // The others are up to date: their held live changes go out now.
            foreach (var conversationId in _conversationChanges.Held().Where(id => !work.Exists(w => w.ConversationId == id)))
            {
                RaiseChangesLocked(_conversationChanges.End(conversationId, [], counters.TryGetValue(conversationId, out var upToDate) ? upToDate.LastChangeSeq : null));
            }
        }

        foreach (var (conversationId, withUserId, since) in work)
        {
            var changes = new List<MessageChange>();
            long? last = null;
            ChatException? error = null;
            try
            {
                for (var after = since; ;)
                {
                    var page = await GetConversationChangesAsync(withUserId, after, ChangesPage).ConfigureAwait(false);
                    changes.AddRange(page.Messages.Select(MessageChange.Of));
                    last = page.LastChangeSeq;
                    if (!page.HasMore || page.Messages.Count == 0)
                    {
                        break;
                    }

                    after = page.Messages.Max(static m => m.ChangeSeq ?? 0);
                }
            }
            catch (ChatException ex)
            {
                error = ex;
            }

            lock (_gate)
            {
                if (_connection != connection)
                {
                    return [.. results.Values];
                }

                var raised = _conversationChanges.End(conversationId, changes, error is null ? Math.Max(last ?? 0, since) : null);
                RaiseChangesLocked(raised);
                results[conversationId] = results.TryGetValue(conversationId, out var caughtUp)
                    ? caughtUp with { Changes = raised.Count, Recovered = caughtUp.Recovered && error is null, Error = caughtUp.Error ?? error }
                    : new ConversationRecovery { ConversationId = conversationId, WithUserId = withUserId, Recovered = error is null, Changes = raised.Count, Error = error };
            }
        }

        return [.. results.Values];
    }
}
