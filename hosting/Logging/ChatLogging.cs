using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Orleans.Chat.Hosting;

/// <summary>
/// The console logging of gateways and silos: one JSON object per line in Production (with the trace and
/// span ids of the request or connection), the simple console elsewhere; Logging:Console:FormatterName
/// (json | simple | systemd) overrides either. Also the quiet defaults and the request-line redaction.
/// </summary>
public static class ChatLogging
{
    /// <summary>The key that picks the console format (ASP.NET Core's own).</summary>
    public const string FormatterNameKey = "Logging:Console:FormatterName";

    /// <summary>
    /// The gateway's connection log (open, close, refused): off by default (Warning), since its two console
    /// lines cost more server CPU than the rest of a connect; Information turns open and close on.
    /// </summary>
    public const string ConnectionsCategory = "Orleans.Chat.Gateway.Connections";

    public static ILoggingBuilder AddChatLogging(this ILoggingBuilder logging, IHostEnvironment environment, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configuration);
        logging.AddQuietDefaults();
        // A rule for this category alone, so that configuring it (Information) needs no other prefix raised.
        logging.AddDefaultLevel(ConnectionsCategory, LogLevel.Warning);
        logging.AddRequestLineRedaction();

        // Each line carries the ids of the Activity it was written under: for the gateway the HTTP request,
        // which for /ws and Socket.IO's WebSocket is the whole connection.
        logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        // Not AddJsonConsole: that would also pick the JSON format, which is the configuration's choice.
        logging.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            // The Activity ids arrive as a scope: without scopes the JSON lines would lack them.
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            json.JsonWriterOptions = new() { Indented = false };
        });

        // A configured format wins (the console provider binds it itself); only its absence picks ours.
        if (string.IsNullOrWhiteSpace(configuration[FormatterNameKey]))
        {
            var format = environment.IsProduction() ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple;
            logging.Services.Configure<ConsoleLoggerOptions>(console => console.FormatterName = format);
        }

        return logging;
    }
}
