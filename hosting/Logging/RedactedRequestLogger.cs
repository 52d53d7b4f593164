using Microsoft.Extensions.Logging;

namespace Orleans.Chat.Hosting;

/// <summary>
/// Writes the hosting layer's request lines with the query values replaced by <see cref="QueryRedaction.Mask"/>:
/// the same event id, level and fields, the message re-rendered from its template.
/// </summary>
internal sealed class RedactedRequestLogger(ILogger inner) : ILogger
{
    private const string QueryStringField = "QueryString";
    private const string OriginalFormatField = "{OriginalFormat}";

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        if (state is not IReadOnlyList<KeyValuePair<string, object?>> fields || !HasQuery(fields))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        var redacted = new RedactedFields(fields);
        inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.ToString());
    }

    private static bool HasQuery(IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        foreach (var (key, value) in fields)
        {
            if (key == QueryStringField && value?.ToString() is { Length: > 0 })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The fields with the query string masked; renders the message from the original template.</summary>
    private sealed class RedactedFields : List<KeyValuePair<string, object?>>
    {
        public RedactedFields(IReadOnlyList<KeyValuePair<string, object?>> fields)
            : base(fields.Count)
        {
            foreach (var (key, value) in fields)
            {
                Add(new(key, key == QueryStringField ? QueryRedaction.Redact(value?.ToString()) : value));
            }
        }

        public override string ToString()
        {
            var template = Find(field => field.Key == OriginalFormatField).Value as string;
            if (template is null)
            {
                return string.Empty;
            }

            foreach (var (key, value) in this)
            {
                if (key != OriginalFormatField)
                {
                    template = template.Replace("{" + key + "}", value?.ToString(), StringComparison.Ordinal);
                }
            }

            return template;
        }
    }
}
