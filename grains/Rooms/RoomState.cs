using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// A room's info, access list and members. Written on membership, access and page-rollover
/// changes only; messages live in <see cref="RoomHistoryPage"/>s.
/// </summary>
[GenerateSerializer, Alias("chat.RoomState")]
internal sealed class RoomState : IHistoryPagesState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string Visibility { get; set; } = RoomVisibility.Public;
    [Id(3)] public string? OwnerId { get; set; }

    /// <summary>Users admitted to a private room besides its owner and members.</summary>
    [Id(4)] public HashSet<string> Invited { get; set; } = [];

    /// <summary>User id to display name.</summary>
    [Id(5)] public Dictionary<string, string> Members { get; set; } = [];

    /// <summary>
    /// The newest history page as of the last rollover. Only a hint: a crash may have written
    /// a newer page before this was stored, so loading probes forward from it.
    /// </summary>
    [Id(6)] public long HeadPage { get; set; }

    /// <summary>The oldest history page that may still hold data (pages below it were cleared).</summary>
    [Id(7)] public long OldestStoredPage { get; set; }

    [Id(8)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Messages per history page, fixed when the room was first stored so that a later change of
    /// Limits:HistoryPageSize cannot misread its pages. 0 in rooms stored before it was recorded.
    /// </summary>
    [Id(9)] public int PageSize { get; set; }

    /// <summary>Members the owner made admins (never the owner; dropped when they stop being members).</summary>
    [Id(10)] public HashSet<string> Admins { get; set; } = [];

    /// <summary>Set by update-room; empty until then.</summary>
    [Id(11)] public string Topic { get; set; } = "";

    /// <summary>Who may join: anyone in a public room; in a private one its owner, the invited and the members.</summary>
    public bool MayEnter(string userId) =>
        Visibility == RoomVisibility.Public || OwnerId == userId || Invited.Contains(userId) || Members.ContainsKey(userId);

    /// <summary>The <see cref="RoomRoles"/> role of a member.</summary>
    public string RoleOf(string userId) =>
        userId == OwnerId ? RoomRoles.Owner : Admins.Contains(userId) ? RoomRoles.Admin : RoomRoles.Member;

    /// <summary>The owner or an admin: may delete others' messages, kick and update the room.</summary>
    public bool IsModerator(string userId) => userId == OwnerId || Admins.Contains(userId);

    /// <summary>Takes a user out of the room: membership, admin flag and (private rooms) invitation. True when they were a member.</summary>
    public bool RemoveMember(string userId, bool dropInvitation)
    {
        Admins.Remove(userId);
        if (dropInvitation)
        {
            Invited.Remove(userId);
        }

        return Members.Remove(userId);
    }

    public void Initialize(string name, string visibility, string? ownerId, DateTimeOffset createdAt)
    {
        Exists = true;
        Name = name;
        Visibility = visibility;
        OwnerId = ownerId;
        CreatedAt = createdAt;
    }
}
