using Orleans.Chat.Grains;

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

/// <summary>What the user's presence partition knows about them right now.</summary>
[GenerateSerializer, Immutable, Alias("chat.PresenceInfo")]
public sealed record PresenceInfo
{
    [Id(0)] public required string Status { get; init; }
    [Id(1)] public required int Connections { get; init; }

    /// <summary>Unix milliseconds of the last change while online; 0 when offline (nothing is kept of an offline user).</summary>
    [Id(2)] public required long Since { get; init; }

    public bool IsOnline => Connections > 0;
}

/// <summary>
/// A change of a user's presence as its partition made it: the version (increasing per partition, across its
/// activations), the receivers of the user's live events after it, and the status to publish to the user's
/// rooms when the status changed.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.PresenceChange")]
public sealed record PresenceChange
{
    [Id(0)] public required long Version { get; init; }

    [Id(1)] public required IReadOnlyList<IUserObserver> Receivers { get; init; }

    [Id(2)] public PresenceUpdate? Update { get; init; }
}

/// <summary>A gateway's connections of one user, as it re-asserts them.</summary>
[GenerateSerializer, Immutable, Alias("chat.HeldPresence")]
public sealed record HeldPresence
{
    [Id(0)] public required UserRef User { get; init; }

    [Id(1)] public required int Connections { get; init; }
}
