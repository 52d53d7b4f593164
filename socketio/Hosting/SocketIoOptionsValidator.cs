using Microsoft.Extensions.Options;

namespace Orleans.Chat.SocketIo.Hosting;

/// <summary>Rejects settings the protocol cannot work with, at start rather than at the first connection.</summary>
public sealed class SocketIoOptionsValidator : IValidateOptions<SocketIoOptions>
{
    // Engine.IO clients put these in 32-bit JavaScript timers.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(int.MaxValue);

    public ValidateOptionsResult Validate(string? name, SocketIoOptions options)
    {
        var failures = new List<string>();
        CheckDuration(failures, nameof(options.PingInterval), options.PingInterval);
        CheckDuration(failures, nameof(options.PingTimeout), options.PingTimeout);
        CheckDuration(failures, nameof(options.ConnectTimeout), options.ConnectTimeout);
        CheckDuration(failures, nameof(options.UpgradeTimeout), options.UpgradeTimeout);

        if (options.MaxPayload <= 0)
        {
            failures.Add($"{nameof(options.MaxPayload)} must be positive.");
        }

        if (options.MaxPendingOutboundMessages <= 0)
        {
            failures.Add($"{nameof(options.MaxPendingOutboundMessages)} must be positive.");
        }

        if (options.MaxPendingSessions <= 0 || options.MaxPendingSessionsPerAddress <= 0)
        {
            failures.Add($"{nameof(options.MaxPendingSessions)} and {nameof(options.MaxPendingSessionsPerAddress)} must be positive.");
        }

        if (options.MaxAttachments < 0)
        {
            failures.Add($"{nameof(options.MaxAttachments)} must not be negative.");
        }

        var known = EngineIoTransports.Polling | EngineIoTransports.WebSocket;
        if (options.Transports == EngineIoTransports.None || (options.Transports & ~known) != 0)
        {
            failures.Add($"{nameof(options.Transports)} must be Polling, WebSocket or both.");
        }

        if (string.IsNullOrEmpty(options.Path) || options.Path[0] != '/')
        {
            failures.Add($"{nameof(options.Path)} must start with '/'.");
        }

        foreach (var origin in options.AllowedOrigins ?? [])
        {
            if (origin != "*" && !IsOrigin(origin))
            {
                failures.Add($"{nameof(options.AllowedOrigins)} entry '{origin}' is neither '*' nor an origin like https://host[:port].");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckDuration(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > LongestTimer)
        {
            failures.Add($"{name} must be positive and below {LongestTimer}.");
        }
    }

    private static bool IsOrigin(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.PathAndQuery == "/"
        && !value.EndsWith('/');
}
