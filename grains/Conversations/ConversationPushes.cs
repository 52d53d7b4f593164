using Microsoft.Extensions.Logging;
using Orleans.Chat.Events;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// Tells both users of a conversation (the one user of a conversation with oneself, once) about a
/// stored change or a read receipt, through their user grains. Best effort: what it reports is
/// stored already, so a failure is logged and the caller's answer stands.
/// </summary>
internal sealed class ConversationPushes(IGrainFactory grains, string conversationId, ILogger logger)
{
    /// <summary>
    /// Records the change counter in both users' indexes (get-conversations shows it, so a client sees
    /// it is behind), then pushes message-edited or message-deleted.
    /// </summary>
    public Task ChangedAsync(MessageChange change, string userId, string otherUserId, Func<string, ConversationEntry> entryFor)
    {
        var kind = change.Kind == MessageChangeKind.Edited ? UserEventKind.MessageEdited : UserEventKind.MessageDeleted;
        return ForBothAsync(userId, otherUserId, async user =>
        {
            var grain = grains.Reference<IUserGrain>(user);
            await grain.RecordConversation(entryFor(user), message: null);
            await grain.Publish(new UserEvent { Kind = kind, UserId = user, Change = change });
        });
    }

    /// <summary>Pushes read-receipt to both users: the reader's other devices clear their badge with it.</summary>
    public Task ReceiptAsync(ReadReceipt receipt)
    {
        ConversationIds.IsParticipant(conversationId, receipt.UserId, out var otherUserId);
        return ForBothAsync(receipt.UserId, otherUserId, user =>
            grains.Reference<IUserGrain>(user).Publish(new UserEvent { Kind = UserEventKind.ReadReceipt, UserId = user, Receipt = receipt }));
    }

    private Task ForBothAsync(string userId, string otherUserId, Func<string, Task> push) =>
        userId == otherUserId || otherUserId.Length == 0
            ? TryAsync(userId, push)
            : Task.WhenAll(TryAsync(userId, push), TryAsync(otherUserId, push));

    private async Task TryAsync(string userId, Func<string, Task> push)
    {
        try
        {
            await push(userId);
        }
        catch (Exception exception)
        {
            logger.ConversationPushFailed(conversationId, userId, exception);
        }
    }
}
