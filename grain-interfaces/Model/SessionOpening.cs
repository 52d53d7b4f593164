using Orleans.Chat.Grains;

namespace Orleans.Chat.Model;

/// <summary>
/// A session opening on a gateway, told to its user grain in one call: the gateway's subscription to the
/// user's live events (when it has none yet), one more connection for presence, and the limits of the
/// <see cref="SessionStart"/> it reads back.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.SessionOpening")]
public sealed record SessionOpening
{
    [Id(0)] public required string GatewayId { get; init; }

    /// <summary>The connecting user, for presence and the online-users listing.</summary>
    [Id(1)] public required UserRef User { get; init; }

    /// <summary>The gateway's observer of its users, when this is its first session of the user; null when it is subscribed already.</summary>
    [Id(2)] public IUserObserver? Observer { get; init; }

    [Id(3)] public required int SidebarLimit { get; init; }

    [Id(4)] public required int PendingLimit { get; init; }
}
