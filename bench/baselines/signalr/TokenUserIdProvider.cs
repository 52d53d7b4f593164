using Microsoft.AspNetCore.SignalR;

namespace Orleans.Chat.Bench.SignalR;

/// <summary>
/// The user id for <c>Clients.User</c>: the access_token, which is the user id here (the same
/// trivial check as <see cref="ChatHub.OnConnectedAsync"/>).
/// </summary>
public sealed class TokenUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection)
    {
        var token = connection.GetHttpContext()?.Request.Query["access_token"].ToString();
        return string.IsNullOrEmpty(token) ? null : token;
    }
}
