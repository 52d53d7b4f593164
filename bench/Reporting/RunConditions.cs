using System.Runtime.InteropServices;
using System.Text.Json;
using Orleans.Chat.Bench.Servers;

namespace Orleans.Chat.Bench.Reporting;

/// <summary>The conditions of a run, written next to its results.</summary>
public sealed record RunConditions
{
    public required DateTimeOffset Started { get; init; }
    public DateTimeOffset Finished { get; set; }
    public required bool Quick { get; init; }
    public required string Machine { get; init; }
    public required int Cores { get; init; }
    public required string Pinning { get; init; }
    public required string LoadAverageAtStart { get; init; }
    public string LoadAverageAtEnd { get; set; } = string.Empty;
    public required string Versions { get; init; }
    public required string Commit { get; init; }
    public required string Durations { get; init; }
    public required int ContentBytes { get; init; }
    public required long FileDescriptorLimit { get; init; }
    public required IReadOnlyList<string> Targets { get; init; }
    public required IReadOnlyList<string> Scenarios { get; init; }
    public required int Rounds { get; init; }
    public required string ServerTuning { get; init; }

    public static async Task<RunConditions> CollectAsync(
        RepoPaths paths, bool quick, string pinning, string durations, int contentBytes, long fdLimit,
        IReadOnlyList<string> targets, IReadOnlyList<string> scenarios, int rounds, string serverTuning)
    {
        var node = await ServerBuilder.OutputOfAsync("node", paths.Root, "--version") ?? "not found";
        var socketIo = ReadPackageVersion(Path.Combine(paths.SocketIoNode, "node_modules", "socket.io", "package.json")) ?? "not installed";
        var orleans = ReadOrleansVersion(Path.Combine(paths.Root, "Directory.Packages.props")) ?? "?";
        var commit = await ServerBuilder.OutputOfAsync("git", paths.Root, "rev-parse", "--short", "HEAD") ?? "?";
        var dirty = await ServerBuilder.OutputOfAsync("git", paths.Root, "status", "--porcelain", "--", "gateway", "grains", "grain-interfaces");
        return new RunConditions
        {
            Started = DateTimeOffset.Now,
            Quick = quick,
            Machine = $"{CpuModel()}, {MemoryGiB():F0} GiB, {RuntimeInformation.OSDescription}",
            Cores = CoreCount(),
            Pinning = pinning,
            LoadAverageAtStart = Measurement.ProcessMetrics.LoadAverage(),
            Versions = $"{RuntimeInformation.FrameworkDescription} (servers and load generator), Orleans {orleans}, node {node}, socket.io {socketIo}",
            Commit = string.IsNullOrEmpty(dirty) ? commit : $"{commit} + uncommitted changes in gateway/grains",
            Durations = durations,
            ContentBytes = contentBytes,
            FileDescriptorLimit = fdLimit,
            Targets = targets,
            Scenarios = scenarios,
            Rounds = rounds,
            ServerTuning = serverTuning,
        };
    }

    private static string? ReadPackageVersion(string packageJson)
    {
        if (!File.Exists(packageJson))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
        return document.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
    }

    private static string? ReadOrleansVersion(string props)
    {
        if (!File.Exists(props))
        {
            return null;
        }

        var text = File.ReadAllText(props);
        var start = text.IndexOf("<OrleansVersion>", StringComparison.Ordinal);
        var end = text.IndexOf("</OrleansVersion>", StringComparison.Ordinal);
        return start >= 0 && end > start ? text[(start + "<OrleansVersion>".Length)..end] : null;
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static int CoreCount()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").Count(l => l.StartsWith("processor", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return Environment.ProcessorCount;
        }
    }

    private static double MemoryGiB()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
