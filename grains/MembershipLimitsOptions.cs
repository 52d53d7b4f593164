using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>
/// Caps enforced by the grains so they hold cluster-wide (section "Limits"). Past the membership caps
/// a join, create or invite is refused with quota_exceeded.
/// </summary>
public sealed class MembershipLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Rooms one user may be a member of: a user's room list is read on every connect and subscribed room by room.</summary>
    [Range(1, 1_000_000)]
    public int RoomsPerUser { get; set; } = 500;

    /// <summary>Members of one room (and invitations it holds): the member list travels in every join ack.</summary>
    [Range(1, 10_000_000)]
    public int MembersPerRoom { get; set; } = 10_000;

    /// <summary>
    /// Socket.IO recovery points one user's grain holds (one per recently disconnected session, for
    /// SocketIo:MaxDisconnectionDuration); past it the one that expires first is dropped.
    /// </summary>
    [Range(1, 10_000)]
    public int RecoveryPointsPerUser { get; set; } = 32;
}

[OptionsValidator]
internal sealed partial class MembershipLimitsOptionsValidator : IValidateOptions<MembershipLimitsOptions>;
