using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Orleans.Chat.Gateway.Tests.Logging;

/// <summary>One captured log event: its fields, and everything a provider could print of it as one text.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, string?> Fields, string FullText);

/// <summary>
/// Takes every event a gateway logs, of every category and level its filters let through: the message, each
/// field of the state, every scope (with the Activity ids) and the exception, so an assertion sees what any
/// console, JSON or OpenTelemetry exporter could write.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _logs = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyCollection<CapturedLog> Logs => _logs;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            var text = new StringBuilder().Append(category).Append(" [").Append(logLevel).Append(' ').Append(eventId.Id).Append(' ').Append(eventId.Name).Append("] ").Append(message);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    fields[key] = value?.ToString();
                    text.Append(" | ").Append(key).Append('=').Append(value);
                }
            }
            else
            {
                text.Append(" | state=").Append(state);
            }

            owner._scopes?.ForEachScope(static (scope, builder) =>
            {
                builder.Append(" | scope: ").Append(scope);
                if (scope is IEnumerable<KeyValuePair<string, object?>> scopePairs)
                {
                    foreach (var (key, value) in scopePairs)
                    {
                        builder.Append(' ').Append(key).Append('=').Append(value);
                    }
                }
            }, text);
            if (exception is not null)
            {
                text.Append(" | exception: ").Append(exception);
            }

            owner._logs.Enqueue(new CapturedLog(category, logLevel, eventId.Id, message, fields, text.ToString()));
        }
    }
}
