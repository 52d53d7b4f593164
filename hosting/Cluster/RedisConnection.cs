using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace Orleans.Chat.Hosting;

/// <summary>The Redis connection settings shared by clustering and grain storage.</summary>
public static class RedisConnection
{
    public const string ConnectionStringKey = "Redis:ConnectionString";

    /// <summary>
    /// Parses Redis:ConnectionString with fail-fast defaults: while Redis is down, requests fail
    /// within about two seconds (clients get "unavailable") instead of hanging, and the
    /// connection is re-established in the background when Redis returns.
    /// </summary>
    public static ConfigurationOptions Options(IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringKey]
            ?? throw new InvalidOperationException($"{ConnectionStringKey} is not set.");
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.ConnectTimeout = 2000;
        }

        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.AsyncTimeout = 2000;
        }

        if (!connectionString.Contains("syncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.SyncTimeout = 2000;
        }

        return options;
    }
}
