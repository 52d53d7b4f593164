using Orleans.Chat.Bench.Measurement;

namespace Orleans.Chat.Bench.Clients;

/// <summary>One room of a scenario: its members and the seqs the server acknowledged in it.</summary>
public sealed class RoomLedger(string id)
{
    private readonly List<BenchClient> _members = [];

    public string Id { get; } = id;

    public SeqSet Acked { get; } = new();

    public IReadOnlyList<BenchClient> Members
    {
        get
        {
            lock (_members)
            {
                return [.. _members];
            }
        }
    }

    public void Add(BenchClient client)
    {
        lock (_members)
        {
            _members.Add(client);
        }
    }
}
