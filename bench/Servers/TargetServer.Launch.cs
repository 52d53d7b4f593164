using System.Diagnostics;
using System.Net;

namespace Orleans.Chat.Bench.Servers;

/// <summary>Starting one server process: pinned, with its output in a log, until it is ready.</summary>
public sealed partial class TargetServer
{
    /// <summary>A process start under <c>taskset -c cpus</c> with the servers' environment.</summary>
    internal static ProcessStartInfo PinnedStart(string serverCpus, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("taskset")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(serverCpus);

        // The harness's own tuning must not leak into the servers.
        start.Environment.Remove("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        start.Environment.Remove(Cli.PinnedRelaunch.MarkerVariable);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["NODE_ENV"] = "production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>The bench's limits for an Orleans.Chat gateway, then the run's extra gateway configuration.</summary>
    internal static void AddGatewayLimits(ProcessStartInfo start, IReadOnlyList<KeyValuePair<string, string>> gatewayConfig)
    {
        AddAll(start,
            "--Limits:EventsPerMinute", "1000000", // the most it accepts: 16 666 events/s per user
            // Every load-generator connection comes from loopback: no per-address caps.
            "--Limits:ConnectionsPerAddress", "1000000",
            "--Limits:ConnectsPerAddressPerMinute", "1000000",
            "--Limits:ConnectBurstPerAddress", "1000000",
            "--SocketIo:MaxPendingSessions", "1000000",
            "--SocketIo:MaxPendingSessionsPerAddress", "1000000");
        foreach (var (name, value) in gatewayConfig)
        {
            AddAll(start, $"--{name}", value);
        }
    }

    /// <summary>
    /// Starts the process with its output in bench/results/tmp/&lt;logName&gt;.log and waits until
    /// <paramref name="health"/> answers (null: the caller checks readiness itself).
    /// </summary>
    internal static async Task<TargetServer> LaunchAsync(
        TargetDefinition target, string logName, ProcessStartInfo start, RepoPaths paths, IPEndPoint endpoint,
        Func<string, string> tokenFor, string serverCpus, Uri? health)
    {
        Directory.CreateDirectory(paths.Logs);
        var logPath = Path.Combine(paths.Logs, $"{logName}.log");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        await log.WriteLineAsync($"# {start.FileName} {string.Join(' ', start.ArgumentList)}");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {logName}");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new TargetServer(target, process, log, endpoint, tokenFor, logPath, serverCpus);
        if (health is null)
        {
            return server;
        }

        try
        {
            await server.WaitReadyAsync(health);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }
}
