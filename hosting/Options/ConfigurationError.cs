using Microsoft.Extensions.Options;

namespace Orleans.Chat.Hosting;

/// <summary>
/// What a process says when its configuration is refused: one line on stderr naming the key and
/// the rule, and exit code 1, instead of an unhandled exception's stack trace.
/// </summary>
public static class ConfigurationError
{
    public const int ExitCode = 1;

    /// <summary>The line for <paramref name="error"/>, or null when it is not a configuration error.</summary>
    public static string? Describe(Exception error)
    {
        var failures = Failures(error).ToList();
        return failures.Count == 0 ? null : $"Configuration error: {string.Join(" ", failures)}";
    }

    /// <summary>Runs the process; a configuration error is written to <paramref name="stderr"/> and ends it with <see cref="ExitCode"/>.</summary>
    public static async Task<int> RunAsync(Func<Task> run, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            await run();
            return 0;
        }
        catch (Exception error) when (Describe(error) is { } line)
        {
            await stderr.WriteLineAsync(line);
            return ExitCode;
        }
    }

    private static IEnumerable<string> Failures(Exception error) => error switch
    {
        OptionsValidationException validation => validation.Failures.Select(OneLine),
        AggregateException aggregate when aggregate.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            aggregate.InnerExceptions.SelectMany(Failures),
        _ => [],
    };

    private static string OneLine(string failure) => failure.ReplaceLineEndings(" ");
}
