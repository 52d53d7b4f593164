using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Gateway.Admin;

/// <summary>
/// Checks the {username, password} of an admin CONNECT against the configured bcrypt hash. bcrypt is slow on
/// purpose, so a stranger must not be able to make us run many: at most Admin:MaxConcurrentVerifications run at
/// once (others wait their turn, briefly, or are refused), and an address that failed Admin:MaxFailedAttempts
/// times within Admin:FailureWindow is refused without a check until the window has passed.
/// </summary>
public sealed class AdminAuthenticator(IOptions<AdminOptions> options, TimeProvider time)
{
    /// <summary>Most addresses remembered with failures; beyond it the oldest windows are dropped first.</summary>
    private const int MaxTrackedAddresses = 10_000;
    private static readonly TimeSpan QueueWait = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _verifications = new(options.Value.MaxConcurrentVerifications);
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    public enum Outcome
    {
        Accepted,
        Refused,
        TooManyAttempts,
    }

    public async ValueTask<Outcome> CheckAsync(JsonElement? auth, string address)
    {
        var now = time.GetUtcNow();
        if (_failures.TryGetValue(address, out var failed) && failed.Blocks(now, options.Value))
        {
            return Outcome.TooManyAttempts;
        }

        var (username, password) = Credentials(auth);
        var settings = options.Value;
        if (!await _verifications.WaitAsync(QueueWait))
        {
            return Outcome.TooManyAttempts;
        }

        bool ok;
        try
        {
            // Always verify, also for a wrong username, so timing does not tell which part was wrong.
            var passwordOk = password is not null && BCrypt.Net.BCrypt.Verify(password, settings.Password);
            ok = passwordOk && username is not null && string.Equals(username, settings.Username, StringComparison.Ordinal);
        }
        finally
        {
            _verifications.Release();
        }

        if (ok)
        {
            return Outcome.Accepted;
        }

        RecordFailure(address, now);
        return Outcome.Refused;
    }

    private void RecordFailure(string address, DateTimeOffset now)
    {
        if (_failures.Count >= MaxTrackedAddresses)
        {
            foreach (var stale in _failures.Where(f => f.Value.Expired(now, options.Value)).Select(f => f.Key).ToList())
            {
                _failures.TryRemove(stale, out _);
            }
        }

        _failures.AddOrUpdate(
            address,
            static (_, a) => new Failures(a.Now, 1),
            static (_, f, a) => a.Now - f.Since >= a.Window ? new Failures(a.Now, 1) : f with { Count = f.Count + 1 },
            (Now: now, Window: options.Value.FailureWindow));
    }

    private static (string? Username, string? Password) Credentials(JsonElement? auth)
    {
        if (auth is not { ValueKind: JsonValueKind.Object } value)
        {
            return (null, null);
        }

        return (Text(value, "username"), Text(value, "password"));
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 and <= 1024 } s ? s : null;

    /// <summary>Failures of one address since <see cref="Since"/>, the start of its current window.</summary>
    private sealed record Failures(DateTimeOffset Since, int Count)
    {
        public bool Expired(DateTimeOffset now, AdminOptions o) => now - Since >= o.FailureWindow;

        public bool Blocks(DateTimeOffset now, AdminOptions o) => !Expired(now, o) && Count >= o.MaxFailedAttempts;
    }
}
