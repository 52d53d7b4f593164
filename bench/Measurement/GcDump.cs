using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Chat.Bench.Measurement;

/// <summary>
/// Live managed heap of a .NET process: <c>dotnet-gcdump report -p PID</c> induces a full blocking
/// GC, walks the heap and prints its objects by type with a total; what survives that GC is live.
/// Needs the dotnet-gcdump global tool (~/.dotnet/tools or PATH); null when it is missing or fails.
/// </summary>
public static partial class GcDump
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The tool, or null when it is not installed.</summary>
    public static string? ToolPath { get; } = Find();

    /// <summary>Bytes of live objects in the process's managed heap, or null (and why) when it could not be read.</summary>
    public static async Task<(long? Bytes, string? Error)> LiveHeapBytesAsync(int pid)
    {
        if (ToolPath is not { } tool)
        {
            return (null, "dotnet-gcdump not installed (dotnet tool install -g dotnet-gcdump)");
        }

        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "report", "-p", pid.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        // The tool is a .NET program too: the harness's socket tuning is not for it.
        start.Environment.Remove("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        using var process = Process.Start(start);
        if (process is null)
        {
            return (null, "could not start dotnet-gcdump");
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (null, $"dotnet-gcdump took over {Timeout.TotalSeconds:F0} s");
        }

        var text = await output;
        KeepReport(pid, text);
        return TotalBytes(text) is { } bytes
            ? (bytes, null)
            : (null, $"dotnet-gcdump: no total in its report ({FirstLine(await error + text)})");
    }

    /// <summary>
    /// The heap total of a heapstat report: the line "N  GC Heap bytes" that heads the report, or
    /// (older tools) the sum of the per-type size column.
    /// </summary>
    public static long? TotalBytes(string report)
    {
        if (TotalLine().Match(report) is { Success: true } total)
        {
            return long.Parse(total.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }

        long sum = 0;
        var rows = 0;
        foreach (Match row in TypeRow().Matches(report))
        {
            sum += long.Parse(row.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
            rows++;
        }

        return rows > 0 ? sum : null;
    }

    /// <summary>
    /// With BENCH_HEAP_REPORTS set to a folder, each report is kept there too (heap-PID-TIME.txt),
    /// so two readings can be compared type by type.
    /// </summary>
    private static void KeepReport(int pid, string report)
    {
        if (Environment.GetEnvironmentVariable("BENCH_HEAP_REPORTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"heap-{pid}-{DateTime.UtcNow:HHmmss}.txt"), report);
    }

    private static string? Find()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(home))
        {
            candidates.Add(Path.Combine(home, ".dotnet", "tools", "dotnet-gcdump"));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "dotnet-gcdump")));
        return candidates.FirstOrDefault(File.Exists);
    }

    private static string FirstLine(string text) => text.Trim().Split('\n')[0];

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap bytes", RegexOptions.Multiline)]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^\s*([\d,]+)\s+[\d,]+\s+\S", RegexOptions.Multiline)]
    private static partial Regex TypeRow();
}
