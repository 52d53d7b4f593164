namespace Orleans.Chat.Gateway.Options;

/// <summary>Server HTTP API settings (section "Api").</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Value of the X-Api-Key header backend services send. Unset: the server API is disabled.</summary>
    public string? Key { get; set; }
}
