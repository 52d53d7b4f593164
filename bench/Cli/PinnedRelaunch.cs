using System.Diagnostics;

namespace Orleans.Chat.Bench.Cli;

/// <summary>
/// Runs the harness again under `taskset -c &lt;client cpus&gt;`, so that the load generator and
/// every thread it starts stay off the servers' cores. (Setting the affinity from inside would
/// only move the calling thread.) Socket continuations run inline on the event thread there:
/// the receive handlers never block, and it spares a thread-pool hop per message on one core.
/// </summary>
public static class PinnedRelaunch
{
    public const string MarkerVariable = "ORLEANS_CHAT_BENCH_PINNED";

    public static bool IsPinnedChild => Environment.GetEnvironmentVariable(MarkerVariable) == "1";

    public static async Task<int> RunPinnedAsync(string cpus, IEnumerable<string> args)
    {
        var dll = typeof(PinnedRelaunch).Assembly.Location;
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo("taskset") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", cpus, host, dll }.Concat(args))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[MarkerVariable] = "1";
        start.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start taskset");
        Console.CancelKeyPress += (_, e) => e.Cancel = true; // the child gets the same SIGINT and stops its servers
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
