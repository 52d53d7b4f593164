using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Tests.Logging;

/// <summary>The console format a gateway picks, and what its Production JSON lines hold.</summary>
public sealed class ConsoleFormatTests
{
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(33));

    [Theory]
    [InlineData("Production", null, "json")]
    [InlineData("Development", null, "simple")]
    [InlineData("Production", "simple", "simple")]
    public async Task The_format_is_json_in_Production_unless_configured(string environment, string? configured, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Auth:SigningKey"] = SigningKey };
        if (configured is not null)
        {
            settings["Logging:Console:FormatterName"] = configured;
        }

        await using var server = await GatewayServer.StartAsync(settings, environment);
        Assert.Equal(expected, server.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Fact]
    public async Task Production_lines_are_one_json_object_each_with_the_trace_id_of_the_request()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = SigningKey,
            ["Logging:LogLevel:Default"] = "Information",
            [$"Logging:LogLevel:{ConnectionLog.Category}"] = "Information",
        };
        await using var server = await GatewayServer.StartAsync(settings, "Production");
        var console = JsonLines.AttachTo(server);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var user = TestIds.User();

        await using (var client = await TestChatClient.ConnectAsync(server.WebSocketUri(TestTokens.Create(SigningKey, user)), user,
            options => options.SetRequestHeader("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01")))
        {
            await client.WaitForEventAsync("connected");
        }

        var opened = await Eventually.ProbeAsync(
            () => Task.FromResult(console.Lines.ToList()),
            lines => lines.Any(line => line.Contains("\"EventId\":" + ConnectionLog.OpenedEventId, StringComparison.Ordinal)),
            "the session opened line");
        foreach (var line in opened)
        {
            // One event, one line: a JSON object with no line break inside.
            Assert.Equal(line.Length - 1, line.IndexOf('\n', StringComparison.Ordinal));
            using var parsed = JsonDocument.Parse(line);
            Assert.True(parsed.RootElement.TryGetProperty("Category", out _));
            Assert.True(parsed.RootElement.TryGetProperty("LogLevel", out _));
            Assert.True(parsed.RootElement.TryGetProperty("Message", out _));
        }

        using var session = JsonDocument.Parse(opened.First(line => line.Contains("\"EventId\":" + ConnectionLog.OpenedEventId, StringComparison.Ordinal)));
        var root = session.RootElement;
        Assert.Equal("Information", root.GetProperty("LogLevel").GetString());
        Assert.Equal(ConnectionLog.Category, root.GetProperty("Category").GetString());
        Assert.Equal(user, root.GetProperty("State").GetProperty("UserId").GetString());
        var scopes = root.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.Contains(scopes, scope => scope.TryGetProperty("TraceId", out var id) && id.GetString() == traceId);
        Assert.Contains(scopes, scope => scope.TryGetProperty("SpanId", out var id) && id.GetString()!.Length == 16);
    }

    /// <summary>Renders each event through the host's own console formatter, as its console provider would.</summary>
    private sealed class JsonLines : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConsoleFormatter _formatter;
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        private JsonLines(ConsoleFormatter formatter) => _formatter = formatter;

        public ConcurrentQueue<string> Lines { get; } = new();

        public static JsonLines AttachTo(GatewayServer server)
        {
            var name = server.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
            var lines = new JsonLines(server.Services.GetServices<ConsoleFormatter>().Single(formatter => formatter.Name == name));
            server.Services.GetRequiredService<ILoggerFactory>().AddProvider(lines);
            return lines;
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(JsonLines owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                using var writer = new StringWriter();
                owner._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
                owner.Lines.Enqueue(writer.ToString());
            }
        }
    }
}
