using System.Globalization;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// The offset of a room message as Socket.IO connection state recovery carries it: "seq:roomId"
/// (the seq first, because a room id may itself contain ':').
/// </summary>
public static class RecoveryOffsets
{
    public static string Format(string roomId, long seq) => string.Create(CultureInfo.InvariantCulture, $"{seq}:{roomId}");

    public static bool TryParse(string? offset, out string roomId, out long seq)
    {
        roomId = string.Empty;
        seq = 0;
        var separator = offset?.IndexOf(':') ?? -1;
        if (separator <= 0 || !long.TryParse(offset.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out seq))
        {
            return false;
        }

        roomId = offset![(separator + 1)..];
        return roomId.Length > 0;
    }
}
