namespace Orleans.Chat.Grains;

/// <summary>The cluster-wide counters that outlive the stats grain's activation.</summary>
[GenerateSerializer, Alias("chat.ChatStatsState")]
internal sealed class ChatStatsState
{
    [Id(0)] public int OnlineUsers { get; set; }
    [Id(1)] public int Rooms { get; set; }
}
