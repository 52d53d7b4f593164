using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orleans.Chat.Hosting;

/// <summary>
/// Log levels that hold without any appsettings.json, and that Logging:LogLevel still overrides.
/// Polly logs an Information line ("Execution attempt") for every grain placement through
/// Orleans' resilience pipeline, which floods a newcomer's `dotnet run` console.
/// </summary>
public static class QuietLogDefaults
{
    /// <summary>The category Polly's telemetry logs under.</summary>
    public const string PollyCategory = "Polly";

    public static ILoggingBuilder AddQuietDefaults(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        return logging.AddDefaultLevel(PollyCategory, LogLevel.Warning);
    }

    /// <summary>A level for a category that configuration (Logging:LogLevel:&lt;category&gt;) still overrides.</summary>
    public static ILoggingBuilder AddDefaultLevel(this ILoggingBuilder logging, string category, LogLevel level)
    {
        ArgumentNullException.ThrowIfNull(logging);
        // First in the list: of equally specific rules the last wins, so configured levels come after and win.
        logging.Services.Configure<LoggerFilterOptions>(filters =>
            filters.Rules.Insert(0, new LoggerFilterRule(providerName: null, category, level, filter: null)));
        return logging;
    }
}
