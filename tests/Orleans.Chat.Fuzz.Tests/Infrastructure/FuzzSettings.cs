using System.Globalization;

namespace Orleans.Chat.Fuzz.Tests.Infrastructure;

/// <summary>
/// How hard the properties run. CI uses each property's default; ORLEANS_CHAT_FUZZ_ITER raises (or lowers)
/// the iteration count of every property for a longer local run, and the hang budget grows with it.
/// </summary>
public static class FuzzSettings
{
    public const string IterationsVariable = "ORLEANS_CHAT_FUZZ_ITER";

    /// <summary>One parser call taking longer than this fails the property (with the seed to replay it).</summary>
    public static readonly TimeSpan CallBudget = TimeSpan.FromSeconds(5);

    /// <summary>The iterations of a property: ORLEANS_CHAT_FUZZ_ITER when set, else <paramref name="ciDefault"/>.</summary>
    public static long Iterations(long ciDefault) =>
        long.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : ciDefault;

    /// <summary>
    /// How long a whole property may run before it counts as hung: 60 s for a CI run, more in proportion
    /// when the iteration count is raised.
    /// </summary>
    public static TimeSpan HangBudget(long iterations, long ciDefault) =>
        TimeSpan.FromSeconds(60) * Math.Max(1.0, (double)iterations / ciDefault);
}
