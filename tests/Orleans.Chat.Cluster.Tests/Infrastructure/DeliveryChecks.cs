namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>The delivery guarantees of the protocol, checked against what members and history say.</summary>
public static class DeliveryChecks
{
    /// <summary>
    /// History is seqs 1..N with no gap, and holds every acknowledged message exactly once, at the
    /// seq and with the id its ack gave; nothing else after the <paramref name="earlier"/> messages
    /// the room had before the tracked senders started (every stored message was acknowledged).
    /// </summary>
    public static void HistoryHoldsExactlyTheAcked(string roomId, IReadOnlyList<SeenMessage> history, IEnumerable<AckedMessage> acked, int earlier = 0)
    {
        var ackedHere = acked.Where(message => message.RoomId == roomId).ToList();
        Assert.Equal(Enumerable.Range(1, history.Count).Select(seq => (long)seq), history.Select(message => message.Seq));
        Assert.Equal(ackedHere.Count, ackedHere.Select(message => message.ClientMsgId).Distinct().Count());
        Assert.Equal(ackedHere.Count, ackedHere.Select(message => message.Seq).Distinct().Count());
        foreach (var message in ackedHere)
        {
            Assert.True(message.Seq > earlier && message.Seq <= history.Count, $"{roomId}: acked seq {message.Seq} of {message.ClientMsgId} is not in history (1..{history.Count})");
            var stored = history[(int)message.Seq - 1];
            Assert.True(stored.Id == message.MessageId && stored.Content == message.Content,
                $"{roomId}: seq {message.Seq} was acked as {message.MessageId} '{message.Content}' but history has {stored.Id} '{stored.Content}'");
        }

        Assert.True(history.Count == earlier + ackedHere.Count, $"{roomId}: history has {history.Count} messages, {earlier} earlier and {ackedHere.Count} acknowledged");
    }

    /// <summary>A resend with the clientMsgId of an acknowledged message was answered with that message's id and seq.</summary>
    public static void IsTheSameMessage(AckedMessage original, System.Text.Json.JsonElement resendAck)
    {
        Assert.True(
            resendAck.TryGetProperty("success", out _)
            && resendAck.GetProperty("messageId").GetString() == original.MessageId
            && resendAck.GetProperty("seq").GetInt64() == original.Seq,
            $"resending {original.ClientMsgId} (acked as {original.MessageId}, seq {original.Seq} in {original.RoomId}) was answered {resendAck.GetRawText()}");
    }

    /// <summary>The member got exactly the history: every message once, in seq order, same ids.</summary>
    public static void MemberSawExactly(ChatMember member, string roomId, IReadOnlyList<SeenMessage> history)
    {
        var view = member.View(roomId);
        Assert.True(history.Select(m => m.Seq).SequenceEqual(view.Seqs),
            $"{member.UserId} in {roomId}: expected seqs 1..{history.Count} once each in order, got [{Compact(view.Seqs)}]");
        Assert.Equal(history.Select(m => m.Id), view.Messages.Select(m => m.Id));
    }

    /// <summary>Waits until every member's view of each of its rooms has reached the room's last seq.</summary>
    public static async Task WaitUntilAllCaughtUpAsync(IEnumerable<ChatMember> members, IReadOnlyDictionary<string, long> lastSeqs, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var all = members.ToList();
        while (true)
        {
            var behind = (from member in all
                          from room in lastSeqs
                          where member.Rooms.Contains(room.Key)
                          let view = member.View(room.Key)
                          where view.LastSeq < room.Value
                          select $"{member.UserId}/{room.Key} at {view.LastSeq} of {room.Value}").ToList();
            if (behind.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Members did not catch up within {timeout.TotalSeconds:0} s: {string.Join(", ", behind)}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>"1-40, 42, 41, 43-50": a seq list, runs compressed.</summary>
    public static string Compact(IReadOnlyList<long> seqs)
    {
        var parts = new List<string>();
        for (var i = 0; i < seqs.Count;)
        {
            var j = i;
            while (j + 1 < seqs.Count && seqs[j + 1] == seqs[j] + 1)
            {
                j++;
            }

            parts.Add(i == j ? $"{seqs[i]}" : $"{seqs[i]}-{seqs[j]}");
            i = j + 1;
        }

        return string.Join(", ", parts);
    }
}
