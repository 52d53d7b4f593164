using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Testing.Gateway;

/// <summary>The gateway's side of the connections, to drop them the way the server would.</summary>
public static class ServerSessions
{
    /// <summary>Aborts every live session of the user on the gateway; returns how many there were.</summary>
    public static int AbortAll(GatewayServer server, string userId, string reason)
    {
        var sessions = server.Services.GetRequiredService<SessionRegistry>().Sessions
            .Where(s => s.User.Id == userId && !s.IsClosed)
            .ToList();
        foreach (var session in sessions)
        {
            session.Abort(reason);
        }

        return sessions.Count;
    }
}
