using Orleans.Chat.Events;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>Mark-read sends read-receipt to both users: only when the cursor moved, at most one per reader per second.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class ConversationReceiptTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task A_read_is_pushed_to_the_other_user_and_to_the_readers_own_devices()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = await ConversationWithAsync(alice, bob, 3);
        await using var aliceEvents = await UserEventRecorder.SubscribeAsync(_client, alice.Id);
        await using var bobEvents = await UserEventRecorder.SubscribeAsync(_client, bob.Id);

        Assert.Equal(ChatError.None, await conversation.MarkRead(bob, 99));

        foreach (var (events, user) in new[] { (aliceEvents, alice), (bobEvents, bob) })
        {
            var received = await events.WaitUntilAsync(all => all.Any(e => e.Kind == UserEventKind.ReadReceipt), "the receipt");
            var receipt = Assert.Single(received, e => e.Kind == UserEventKind.ReadReceipt);
            Assert.Equal(user.Id, receipt.UserId);

            // Clamped to the last seq, as stored.
            Assert.Equal((conversation.GetPrimaryKeyString(), bob.Id, 3L), (receipt.Receipt!.ScopeId, receipt.Receipt.UserId, receipt.Receipt.Seq));
        }
    }

    [Fact]
    public async Task Reads_within_a_second_are_coalesced_into_one_held_receipt_of_the_latest_seq()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = await ConversationWithAsync(alice, bob, 5);
        await using var aliceEvents = await UserEventRecorder.SubscribeAsync(_client, alice.Id);

        var started = DateTimeOffset.UtcNow;
        await conversation.MarkRead(bob, 1);
        await conversation.MarkRead(bob, 2);
        await conversation.MarkRead(bob, 4);
        var readsTook = DateTimeOffset.UtcNow - started;

        var received = await aliceEvents.WaitUntilAsync(all => Receipts(all).Count == 2, "the immediate and the held receipt");
        var heldArrived = DateTimeOffset.UtcNow - started;
        Assert.Equal([1L, 4L], Receipts(received));

        // The held one went out when the reader's second ended, not before.
        Assert.True(readsTook < ConversationReceipts.Interval, $"the reads took {readsTook}");
        Assert.True(heldArrived >= ConversationReceipts.Interval - TimeSpan.FromMilliseconds(50), $"the held receipt came after {heldArrived}");

        // Nothing more is held: a quiet second later, the next read goes out at once.
        await Task.Delay(ConversationReceipts.Interval);
        await conversation.MarkRead(bob, 5);
        received = await aliceEvents.WaitUntilAsync(all => Receipts(all).Count == 3, "the next receipt");
        Assert.Equal([1L, 4L, 5L], Receipts(received));
    }

    [Fact]
    public async Task Receipts_of_the_two_readers_are_coalesced_apart()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = await ConversationWithAsync(alice, bob, 3);
        await using var bobEvents = await UserEventRecorder.SubscribeAsync(_client, bob.Id);

        await conversation.MarkRead(bob, 1);
        await SendAsync(bob, alice, "reply");
        await conversation.MarkRead(alice, 4);
        await SendAsync(alice, bob, "again");
        await conversation.MarkRead(bob, 5);

        // Alice's read goes out at once although Bob's second is still running; Bob's second read is held for it.
        var received = await bobEvents.WaitUntilAsync(all => Receipts(all).Count == 3, "three receipts");
        Assert.Equal(
            [(bob.Id, 1L), (alice.Id, 4L), (bob.Id, 5L)],
            received.Where(e => e.Kind == UserEventKind.ReadReceipt).Select(e => (e.Receipt!.UserId, e.Receipt.Seq)));
    }

    [Fact]
    public async Task A_read_that_does_not_move_the_cursor_sends_no_receipt()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = await ConversationWithAsync(alice, bob, 2);
        await conversation.MarkRead(bob, 2);
        await Task.Delay(ConversationReceipts.Interval);
        await using var aliceEvents = await UserEventRecorder.SubscribeAsync(_client, alice.Id);

        await conversation.MarkRead(bob, 1);
        await conversation.MarkRead(bob, 2);
        await conversation.MarkRead(alice, 2);
        Assert.Equal(ChatError.InvalidFormat, await conversation.MarkRead(TestIds.UserRef("stranger"), 2));

        // Past any held receipt's second, then a push that follows any receipt on the same path.
        await Task.Delay(ConversationReceipts.Interval + TimeSpan.FromMilliseconds(200));
        await SendAsync(bob, alice, "marker");
        var received = await aliceEvents.WaitUntilAsync(all => all.Any(e => e.PrivateMessage?.Content == "marker"), "the marker");
        Assert.Empty(Receipts(received));
    }

    [Fact]
    public async Task In_a_conversation_with_oneself_reading_moves_nothing_and_sends_nothing()
    {
        var me = TestIds.UserRef("me");
        var conversation = Conversation(me, me);
        await SendAsync(me, me, "note");
        await using var events = await UserEventRecorder.SubscribeAsync(_client, me.Id);

        // One's own message is read already: a read past it moves nothing.
        await conversation.MarkRead(me, 1);
        await SendAsync(me, me, "marker");
        var received = await events.WaitUntilAsync(all => all.Any(e => e.PrivateMessage?.Content == "marker"), "the marker");
        Assert.Empty(Receipts(received));
    }

    private static List<long> Receipts(IReadOnlyList<UserEvent> events) =>
        [.. events.Where(e => e.Kind == UserEventKind.ReadReceipt).Select(e => e.Receipt!.Seq)];

    /// <summary>A conversation with <paramref name="count"/> messages from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private async Task<IConversationGrain> ConversationWithAsync(UserRef from, UserRef to, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await SendAsync(from, to, $"m{i}");
        }

        return Conversation(from, to);
    }

    private Task<SendPrivateMessageResult> SendAsync(UserRef from, UserRef to, string content) =>
        Conversation(from, to).Send(new SendPrivateMessageRequest { Sender = from, RecipientId = to.Id, Content = content });

    private IConversationGrain Conversation(UserRef a, UserRef b) => _client.GetGrain<IConversationGrain>(ConversationIds.For(a.Id, b.Id));
}
