using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Hosting;

/// <summary>Who may see the Orleans Dashboard (grain state, silo statistics, live trace).</summary>
public enum DashboardAccess
{
    /// <summary>Not served: disabled, or outside Development without credentials.</summary>
    Off,

    /// <summary>Development without credentials: open to clients on this machine (loopback) only.</summary>
    LoopbackOnly,

    /// <summary>HTTP Basic authentication with the configured user name and password.</summary>
    Credentials,
}

/// <summary>
/// Whether and how a process serves the Orleans Dashboard at /dashboard, from Orleans:Dashboard,
/// Orleans:DashboardUsername and Orleans:DashboardPassword. Outside Development it is served only
/// with credentials configured: a Production gateway or silo without them does not serve it at all.
/// </summary>
public sealed partial class ChatDashboard
{
    public const string RoutePrefix = "/dashboard";
    public const string UsernameKey = "Orleans:DashboardUsername";
    public const string PasswordKey = "Orleans:DashboardPassword";

    /// <summary>The shortest password accepted outside Development.</summary>
    public const int MinPasswordLength = 16;

    private ChatDashboard(DashboardAccess access, string? username, string? password)
    {
        Access = access;
        Username = username;
        Password = password;
    }

    public DashboardAccess Access { get; }
    public string? Username { get; }
    public string? Password { get; }

    /// <summary>True when this process maps the dashboard (and so its silo collects the dashboard's statistics).</summary>
    public bool IsServed => Access != DashboardAccess.Off;

    /// <summary>True when Orleans:Dashboard asks for it but it is off for want of credentials.</summary>
    public bool IsWithheld { get; private init; }

    /// <summary>Reads and checks the settings; throws with the offending keys named (never their values).</summary>
    public static ChatDashboard From(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var credentials = ValidatedOptions.Read<DashboardCredentials, DashboardCredentialsValidator>(configuration, DashboardCredentials.SectionName);
        var (username, password, hasPassword) = (credentials.DashboardUsername, credentials.DashboardPassword, credentials.IsSet);
        if (hasPassword && !environment.IsDevelopment() && password!.Length < MinPasswordLength)
        {
            throw new OptionsValidationException(DashboardCredentials.SectionName, typeof(DashboardCredentials),
                [$"{PasswordKey} must be at least {MinPasswordLength} characters outside Development."]);
        }

        if (!ChatClusterOptions.From(configuration).Dashboard)
        {
            return new ChatDashboard(DashboardAccess.Off, null, null);
        }

        if (hasPassword)
        {
            return new ChatDashboard(DashboardAccess.Credentials, username, password);
        }

        return environment.IsDevelopment()
            ? new ChatDashboard(DashboardAccess.LoopbackOnly, null, null)
            : new ChatDashboard(DashboardAccess.Off, null, null) { IsWithheld = true };
    }

    /// <summary>Says at start why a requested dashboard is not served.</summary>
    public void LogIfWithheld(ILogger logger)
    {
        if (IsWithheld)
        {
            LogWithheld(logger, UsernameKey, PasswordKey);
        }
    }

    [LoggerMessage(EventId = 4500, Level = LogLevel.Warning, Message = "Orleans Dashboard not served: outside Development it needs {UsernameKey} and {PasswordKey}.")]
    private static partial void LogWithheld(ILogger logger, string usernameKey, string passwordKey);
}
