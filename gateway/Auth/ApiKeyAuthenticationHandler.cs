using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Auth;

/// <summary>
/// The server API's <c>X-Api-Key</c> as an ASP.NET Core authentication scheme, so /api/* is guarded by an
/// authorization policy (<see cref="ChatPolicies.ServerApi"/>) like any endpoint, and HttpContext.User
/// is the calling service. The challenge answers with the documented payloads: 403 api_disabled while
/// Api:Key is unset, 401 auth_required without a key, 401 auth_failed with a wrong one.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<ApiOptions> api)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>The role of a caller that presented the right key.</summary>
    public const string ServiceRole = "service";

    private static readonly ErrorPayload ApiDisabled = new("Server API disabled: set Api:Key", "api_disabled");

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var configured = api.Value.Key;
        var presented = Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(configured) || presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!Matches(presented, configured))
        {
            return Task.FromResult(AuthenticateResult.Fail("invalid API key"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "server-api"), new Claim(ClaimTypes.Role, ServiceRole)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var (status, error) = string.IsNullOrEmpty(api.Value.Key)
            ? (StatusCodes.Status403Forbidden, ApiDisabled)
            : Request.Headers[HeaderName].ToString().Length == 0
                ? (StatusCodes.Status401Unauthorized, ClientErrors.AuthRequired)
                : (StatusCodes.Status401Unauthorized, ClientErrors.AuthFailed("invalid API key"));
        Response.StatusCode = status;
        return Response.WriteAsJsonAsync(error, ChatJsonContext.Default.ErrorPayload);
    }

    /// <summary>
    /// Constant time in the keys' contents and lengths: hashes of equal length are compared, so
    /// neither a wrong prefix nor a wrong length answers sooner.
    /// </summary>
    public static bool Matches(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
