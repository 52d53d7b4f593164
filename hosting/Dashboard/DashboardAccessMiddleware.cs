using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Orleans.Chat.Hosting;

/// <summary>
/// Guards every endpoint marked with <see cref="DashboardEndpointMetadata"/>: HTTP Basic
/// authentication against the configured credentials (compared in constant time), or in
/// Development without credentials, clients on loopback only.
/// </summary>
public sealed class DashboardAccessMiddleware(RequestDelegate next, ChatDashboard dashboard)
{
    private const string Challenge = "Basic realm=\"Orleans Dashboard\", charset=\"UTF-8\"";

    private readonly byte[] _usernameHash = Hash(dashboard.Username ?? string.Empty);
    private readonly byte[] _passwordHash = Hash(dashboard.Password ?? string.Empty);

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<DashboardEndpointMetadata>() is null)
        {
            return next(context);
        }

        switch (dashboard.Access)
        {
            case DashboardAccess.Credentials when HasValidCredentials(context.Request):
            case DashboardAccess.LoopbackOnly when IsLoopback(context.Connection):
                return next(context);
            case DashboardAccess.Credentials:
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = Challenge;
                return Task.CompletedTask;
            default:
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
        }
    }

    private bool HasValidCredentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        // Both compared, whatever the first gives: the time taken says nothing about which was wrong.
        var usernameMatches = CryptographicOperations.FixedTimeEquals(Hash(decoded[..colon]), _usernameHash);
        var passwordMatches = CryptographicOperations.FixedTimeEquals(Hash(decoded[(colon + 1)..]), _passwordHash);
        return usernameMatches & passwordMatches;
    }

    /// <summary>
    /// Both ends on loopback: the local address is the socket's own, which forwarded headers
    /// (X-Forwarded-For) cannot rewrite, so a remote client cannot pass for 127.0.0.1.
    /// </summary>
    private static bool IsLoopback(ConnectionInfo connection) =>
        connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
        && connection.LocalIpAddress is { } local && IPAddress.IsLoopback(local);

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
