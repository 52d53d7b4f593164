namespace Orleans.Chat.Bench.Clients;

/// <summary>
/// Loss, duplicates and reordering over every receiver of every room, from seq: a receiver should
/// get each acknowledged seq of its room above the one it joined at, once, in order.
/// </summary>
public readonly record struct DeliveryAudit(long Expected, long Lost, long Duplicated, long Reordered)
{
    public static DeliveryAudit Of(IEnumerable<RoomLedger> rooms)
    {
        long expected = 0, lost = 0, duplicated = 0, reordered = 0;
        foreach (var room in rooms)
        {
            var acked = room.Acked;
            foreach (var member in room.Members)
            {
                var missing = member.Received.Missing(acked);
                lost += missing;
                expected += acked.Count;
                duplicated += member.Received.Duplicates + member.Received.Stale;
                reordered += member.Received.Reordered;
            }
        }

        return new DeliveryAudit(expected, lost, duplicated, reordered);
    }
}
