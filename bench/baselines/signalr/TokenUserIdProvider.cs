using Microsoft.AspNetCore.SignalR;

namespace Orleans.Chat.Bench.SignalR;

/// <summary>
/// The user id for <c>Clients.User</c> and <see cref="HubCallerContext.UserIdentifier"/>: the sub claim
/// of a validated JWT (<see cref="JwtAuthentication"/>), else the access_token itself (the trivial check).
/// </summary>
public sealed class TokenUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection)
    {
        if (JwtAuthentication.Key is not null)
        {
            return connection.User.FindFirst("sub")?.Value;
        }

        var token = connection.GetHttpContext()?.Request.Query["access_token"].ToString();
        return string.IsNullOrEmpty(token) ? null : token;
    }
}
