using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Fanout;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Admin;

/// <summary>
/// What the Admin UI may do to this gateway's chat sessions (none with Admin:ReadOnly):
/// <list type="bullet">
/// <item>"_disconnect" (nsp, close, filter): closes the matching sessions with close reason admin_disconnect
/// (native: close code 4010; Socket.IO: a server DISCONNECT). The client may reconnect: banning is not this tool's job.</item>
/// <item>"leave" (nsp, room, filter): stops the matching sessions' live delivery of that chat room until they
/// reconnect. The user stays a member (membership is the chat's own API); this is the socket-level leave of
/// Socket.IO, the same thing the UI does to a Node server.</item>
/// </list>
/// "join" and "emit" are refused: joining would subscribe a session to a room its user may not be a member of,
/// and emitting would let an operator forge chat events. A filter is a socket id or a room id; none means the
/// whole namespace ("/" Socket.IO sessions, "/ws" native sessions).
/// </summary>
public sealed class AdminActions(SessionRegistry registry, RoomFanout rooms, IOptions<AdminOptions> options)
{
    public static readonly ServerCloseReason DisconnectReason = new(4010, "admin_disconnect");

    public static IEnumerable<string> Features(AdminOptions settings)
    {
        if (!settings.ReadOnly)
        {
            yield return "LEAVE";
            yield return "DISCONNECT";
            yield return "MLEAVE";
            yield return "MDISCONNECT";
        }

        yield return "AGGREGATED_EVENTS";
        if (settings.IsDevelopment)
        {
            yield return "ALL_EVENTS";
        }
    }

    /// <summary>Runs one UI event; the number of sessions it touched (0 for refused or malformed ones).</summary>
    public async Task<int> RunAsync(string name, IReadOnlyList<JsonElement> args)
    {
        if (options.Value.ReadOnly || args.Count < 1 || Text(args[0]) is not { } nsp)
        {
            return 0;
        }

        switch (name)
        {
            case "_disconnect":
            {
                var targets = Matching(nsp, args.Count > 2 ? Text(args[2]) : null);
                foreach (var session in targets)
                {
                    session.Close(DisconnectReason);
                }

                return targets.Count;
            }

            case "leave" when args.Count > 1 && Text(args[1]) is { } room:
            {
                var targets = Matching(nsp, args.Count > 2 ? Text(args[2]) : null).Where(s => s.IsInRoom(room)).ToList();
                foreach (var session in targets)
                {
                    await rooms.RemoveAsync(room, session);
                }

                return targets.Count;
            }

            default:
                return 0;
        }
    }

    private List<ChatSession> Matching(string nsp, string? filter) =>
        [.. registry.Sessions.Where(s => s.Origin is { } origin && origin.Namespace == nsp
            && (filter is null || origin.SocketId == filter || s.IsInRoom(filter)))];

    private static string? Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 256 } text ? text : null;
}
