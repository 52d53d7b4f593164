using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Unit;

public sealed class RetainedMessagesTests
{
    [Fact]
    public void Readers_see_exactly_the_last_capacity_seqs()
    {
        var retained = new RetainedMessages<ChatMessage>(capacity: 5, trimBatch: 3);
        AddRange(retained, 1, 12);

        Assert.Equal(12, retained.LastSeq);
        Assert.Equal(8, retained.FirstSeq);
        Assert.Equal([8, 9, 10, 11, 12], Seqs(retained.Newest(100)));
        Assert.Equal([8, 9, 10, 11, 12], Seqs(retained.Oldest(0, 100)));
    }

    [Fact]
    public void An_empty_window_starts_after_the_last_seq()
    {
        var retained = new RetainedMessages<ChatMessage>(capacity: 5, trimBatch: 3);

        Assert.Equal(0, retained.LastSeq);
        Assert.Equal(1, retained.FirstSeq);
        Assert.Empty(retained.Newest(10));
        Assert.Empty(retained.Oldest(0, 10));
    }

    [Fact]
    public void Newest_pages_backwards_below_a_seq()
    {
        var retained = new RetainedMessages<ChatMessage>(capacity: 100, trimBatch: 10);
        AddRange(retained, 1, 20);

        Assert.Equal([18, 19, 20], Seqs(retained.Newest(3)));
        Assert.Equal([7, 8, 9], Seqs(retained.Newest(3, beforeSeq: 10)));
        Assert.Equal([1, 2], Seqs(retained.Newest(5, beforeSeq: 3)));
        Assert.Empty(retained.Newest(0));
        Assert.Empty(retained.Newest(-1));
    }

    [Fact]
    public void Oldest_pages_forwards_after_a_seq_and_below_another()
    {
        var retained = new RetainedMessages<ChatMessage>(capacity: 100, trimBatch: 10);
        AddRange(retained, 1, 20);

        Assert.Equal([6, 7, 8], Seqs(retained.Oldest(5, 3)));
        Assert.Equal([6, 7], Seqs(retained.Oldest(5, 10, beforeSeq: 8)));
        Assert.Equal([19, 20], Seqs(retained.Oldest(18, 10)));
        Assert.Empty(retained.Oldest(20, 10));
        Assert.Empty(retained.Oldest(long.MaxValue, 10));
    }

    [Fact]
    public void Oldest_after_a_seq_lost_to_retention_starts_at_the_window()
    {
        var retained = new RetainedMessages<ChatMessage>(capacity: 5, trimBatch: 100);
        AddRange(retained, 1, 10);

        // Seqs 1..5 are still in memory (trimBatch not reached) but no longer visible.
        Assert.Equal([6, 7], Seqs(retained.Oldest(2, 2)));
        Assert.Equal([6, 7, 8, 9, 10], Seqs(retained.Newest(100)));
    }

    [Fact]
    public void A_seq_not_above_the_last_is_refused()
    {
        var retained = new RetainedMessages<ChatMessage>(capacity: 5, trimBatch: 3);
        AddRange(retained, 1, 3);

        Assert.Throws<ArgumentException>(() => retained.Add(Message(3)));
        Assert.Throws<ArgumentException>(() => retained.Add(Message(2)));
        Assert.Equal(3, retained.LastSeq);
        Assert.Equal([1, 2, 3], Seqs(retained.Newest(10)));
    }

    [Fact]
    public void Finds_a_message_by_sender_and_client_id_and_keeps_the_first()
    {
        var retained = new RetainedMessages<ChatMessage>(capacity: 10, trimBatch: 3);
        retained.Add(Message(1, "alice", "c1"));
        retained.Add(Message(2, "alice", "c1"));
        retained.Add(Message(3, "bob", "c1"));

        Assert.True(retained.TryFind("alice", "c1", out var alices));
        Assert.Equal(1, alices.Seq);
        Assert.True(retained.TryFind("bob", "c1", out var bobs));
        Assert.Equal(3, bobs.Seq);
        Assert.False(retained.TryFind("alice", "c2", out _));
        Assert.False(retained.TryFind("carol", "c1", out _));
    }

    [Fact]
    public void A_message_out_of_the_window_is_not_found_even_before_it_is_trimmed()
    {
        var retained = new RetainedMessages<ChatMessage>(capacity: 3, trimBatch: 100);
        retained.Add(Message(1, "alice", "old"));
        AddRange(retained, 2, 3);
        Assert.True(retained.TryFind("alice", "old", out _));

        retained.Add(Message(4));

        Assert.False(retained.TryFind("alice", "old", out _));
    }

    [Fact]
    public void A_client_id_reused_after_its_message_was_trimmed_finds_the_new_message()
    {
        var retained = new RetainedMessages<ChatMessage>(capacity: 2, trimBatch: 1);
        retained.Add(Message(1, "alice", "c1"));
        AddRange(retained, 2, 4);
        Assert.False(retained.TryFind("alice", "c1", out _));

        retained.Add(Message(5, "alice", "c1"));

        Assert.True(retained.TryFind("alice", "c1", out var found));
        Assert.Equal(5, found.Seq);
    }

    private static void AddRange(RetainedMessages<ChatMessage> retained, long from, long to)
    {
        for (var seq = from; seq <= to; seq++)
        {
            retained.Add(Message(seq));
        }
    }

    private static ChatMessage Message(long seq, string userId = "alice", string? clientMsgId = null) => new()
    {
        Id = $"m{seq}",
        RoomId = "room",
        Seq = seq,
        UserId = userId,
        User = new UserRef { Id = userId, Name = userId },
        Content = $"message {seq}",
        Type = "text",
        Timestamp = seq,
        ClientMsgId = clientMsgId,
    };

    private static long[] Seqs(IReadOnlyList<ChatMessage> messages) => [.. messages.Select(message => message.Seq)];
}
