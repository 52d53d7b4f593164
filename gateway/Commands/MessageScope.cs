using System.Diagnostics.CodeAnalysis;
using Orleans.Chat.Gateway.Commands.Requests;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// What an event acts on: a room (<c>roomId</c>), or the session user's conversation with another user
/// (<c>withUserId</c>). Exactly one of the two.
/// </summary>
internal readonly record struct MessageScope(string? RoomId, string? ConversationId)
{
    [MemberNotNullWhen(true, nameof(RoomId))]
    [MemberNotNullWhen(false, nameof(ConversationId))]
    public bool IsRoom => RoomId is not null;

    /// <summary>The scope of a payload; false when it names both, neither, or an id that is no id.</summary>
    public static bool TryRead(IScopedPayload payload, string userId, out MessageScope scope)
    {
        scope = default;
        if ((payload.RoomId is null) == (payload.WithUserId is null))
        {
            return false;
        }

        if (payload.RoomId is not null)
        {
            if (!IdentityText.TryNormalizeId(payload.RoomId, out var roomId))
            {
                return false;
            }

            scope = new MessageScope(roomId, null);
            return true;
        }

        if (!IdentityText.TryNormalizeId(payload.WithUserId, out var withUserId))
        {
            return false;
        }

        scope = new MessageScope(null, ConversationIds.For(userId, withUserId));
        return true;
    }
}
