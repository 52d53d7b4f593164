using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Orleans.Chat.Hosting.Metrics;

/// <summary>
/// Whether and to whom this process serves /metrics, from the Metrics section and Api:Key. Never open by
/// default: with Metrics:RequireApiKey (the default) and no Api:Key it is not served at all.
/// </summary>
public sealed partial class ChatMetricsAccess
{
    public const string Path = "/metrics";
    public const string ApiKeyKey = "Api:Key";

    private readonly byte[]? _keyHash;

    private ChatMetricsAccess(MetricsOptions options, string? apiKey)
    {
        Options = options;
        _keyHash = string.IsNullOrEmpty(apiKey) ? null : Hash(apiKey);
    }

    public MetricsOptions Options { get; }

    /// <summary>True when /metrics is served (and so metrics are collected).</summary>
    public bool IsServed => Options.Enabled && (!Options.RequireApiKey || _keyHash is not null);

    /// <summary>True when metrics are enabled but withheld for want of an API key.</summary>
    public bool IsWithheld => Options.Enabled && Options.RequireApiKey && _keyHash is null;

    public bool RequiresKey => Options.RequireApiKey;

    /// <summary>Reads and checks the settings; throws with the offending key named.</summary>
    public static ChatMetricsAccess From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ValidatedOptions.Read<MetricsOptions, MetricsOptionsValidator>(configuration, MetricsOptions.Section);
        return new ChatMetricsAccess(options, configuration[ApiKeyKey]);
    }

    /// <summary>Constant time in the keys' contents and lengths (hashes of equal length are compared).</summary>
    public bool Matches(string presented) =>
        _keyHash is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _keyHash);

    /// <summary>Says at start why /metrics is not served.</summary>
    public void LogIfWithheld(ILogger logger)
    {
        if (IsWithheld)
        {
            LogWithheld(logger, ApiKeyKey);
        }
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    [LoggerMessage(EventId = 4600, Level = LogLevel.Warning, Message = "/metrics not served: Metrics:RequireApiKey is true and {ApiKeyKey} is not set (set the key, or Metrics:RequireApiKey=false behind a private network).")]
    private static partial void LogWithheld(ILogger logger, string apiKeyKey);
}
