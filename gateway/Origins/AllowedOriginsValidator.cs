using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Origins;

/// <summary>Rejects at start an allowed origin that no browser would ever send (a path, a trailing slash, a typo).</summary>
public sealed class AllowedOriginsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var invalid = options.AllowedOrigins.Where(origin => origin != "*" && !IsOrigin(origin)).ToList();
        return invalid.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(invalid.Select(origin => $"Gateway:AllowedOrigins entry '{origin}' is neither '*' nor an origin like https://host[:port]."));
    }

    private static bool IsOrigin(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.PathAndQuery == "/"
        && !value.EndsWith('/');
}
