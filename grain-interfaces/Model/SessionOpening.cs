using Orleans.Chat.Grains;

namespace Orleans.Chat.Model;

/// <summary>
/// A session opening on a gateway, told to its user grain in one call: one more connection for presence, with
/// the gateway's receiver of the user's live events, and the limits of the <see cref="SessionStart"/> it reads back.
/// </summary>
[GenerateSerializer, Immutable, Alias("chat.SessionOpening")]
public sealed record SessionOpening
{
    [Id(0)] public required string GatewayId { get; init; }

    /// <summary>The connecting user, for presence and the online-users listing.</summary>
    [Id(1)] public required UserRef User { get; init; }

    /// <summary>The gateway's one receiver of its users' live events.</summary>
    [Id(2)] public required IUserObserver Receiver { get; init; }

    [Id(3)] public required int SidebarLimit { get; init; }

    [Id(4)] public required int PendingLimit { get; init; }
}
