namespace Orleans.Chat.Model;

/// <summary>The presence states of a user. Clients may set the first three.</summary>
public static class PresenceStatus
{
    public const string Online = "online";
    public const string Away = "away";
    public const string Busy = "busy";
    public const string Offline = "offline";

    public static bool IsSettableByClient(string? value) => value is Online or Away or Busy;
}

/// <summary>A change of a user's presence, fanned out to the rooms the user belongs to.</summary>
[GenerateSerializer, Immutable, Alias("chat.PresenceUpdate")]
public sealed record PresenceUpdate
{
    [Id(0)] public required string UserId { get; init; }
    [Id(1)] public required string Status { get; init; }

    /// <summary>Unix milliseconds.</summary>
    [Id(2)] public required long Timestamp { get; init; }
}

/// <summary>What the presence grain knows about a user right now.</summary>
[GenerateSerializer, Immutable, Alias("chat.PresenceInfo")]
public sealed record PresenceInfo
{
    [Id(0)] public required string Status { get; init; }
    [Id(1)] public required int Connections { get; init; }

    /// <summary>Unix milliseconds of the last change.</summary>
    [Id(2)] public required long Since { get; init; }

    public bool IsOnline => Connections > 0;
}
