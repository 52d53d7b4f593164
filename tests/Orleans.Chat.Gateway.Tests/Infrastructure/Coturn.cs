using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Orleans.Chat.Gateway.Tests.Infrastructure;

/// <summary>
/// A real coturn on loopback (turnserver run with deploy/coturn/turnserver.conf), an echo peer (turnutils_peer), and the
/// test client that ships with coturn (turnutils_uclient): allocates a relay with given credentials and
/// sends packets through it to the peer. Debian: apt-get install coturn.
/// </summary>
public sealed class Coturn : IAsyncDisposable
{
    private readonly Process _server;
    private readonly Process _peer;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _serverLog;

    private Coturn(Process server, ConcurrentQueue<string> serverLog, Process peer, string directory, int peerPort)
    {
        _serverLog = serverLog;
        _server = server;
        _peer = peer;
        _directory = directory;
        PeerPort = peerPort;
    }

    public int PeerPort { get; }

    /// <summary>The deploy example: the placeholder secret in it that an operator replaces.</summary>
    public const string PlaceholderSecret = "REPLACE-ME-with-the-value-of-Calls-TurnSecret";

    /// <summary>deploy/coturn/turnserver.conf in this repository.</summary>
    public static string ExampleConfig
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Orleans.Chat.sln")))
                {
                    return Path.Combine(folder.FullName, "deploy", "coturn", "turnserver.conf");
                }
            }

            throw new InvalidOperationException("the repository root (Orleans.Chat.sln) is not above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>
    /// Starts turnserver with the deploy example's configuration, its placeholder replaced by
    /// <paramref name="secret"/> as an operator does, listening on 127.0.0.1:<paramref name="port"/> only.
    /// Fails when coturn is not installed.
    /// </summary>
    public static Coturn Start(int port, string secret)
    {
        var missing = new[] { "turnserver", "turnutils_peer", "turnutils_uclient" }.Where(tool => Which(tool) is null).ToList();
        Assert.True(missing.Count == 0,
            $"coturn is not installed ({string.Join(", ", missing)} not on PATH): this test runs a real TURN server. Install it with `apt-get install -y coturn` (CI's .ci/run does).");

        var directory = Directory.CreateTempSubdirectory("orleans-chat-coturn-").FullName;
        var config = Path.Combine(directory, "turnserver.conf");
        File.WriteAllText(config, File.ReadAllText(ExampleConfig).Replace(PlaceholderSecret, secret, StringComparison.Ordinal));

        // A relay range of its own per run: parallel runs on one machine do not collide.
        var minPort = 40000 + (Random.Shared.Next(0, 400) * 50);
        var serverLog = new ConcurrentQueue<string>();
        var server = Launch(serverLog, "turnserver",
        [
            "-c", config, "--no-tls", "--no-dtls", "--simple-log", "--log-file=stdout",
            "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
            $"--min-port={minPort}", $"--max-port={minPort + 49}",
            // The echo peer listens on loopback: coturn refuses loopback peers unless told (never in production).
            "--allow-loopback-peers",
            $"--userdb={Path.Combine(directory, "turndb")}", $"--pidfile={Path.Combine(directory, "turnserver.pid")}",
        ]);
        var peerPort = FreePort.Next();
        var peer = Launch(new ConcurrentQueue<string>(), "turnutils_peer", ["-L", "127.0.0.1", "-p", peerPort.ToString(CultureInfo.InvariantCulture)]);
        return new Coturn(server, serverLog, peer, directory, peerPort);
    }

    /// <summary>Allocates through the TURN server at host:port with the credentials and echoes packets off the peer; the client's exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunClientAsync(string host, int port, string username, string password, int messages = 3)
    {
        using var client = Launch(null, "turnutils_uclient",
        [
            "-n", messages.ToString(CultureInfo.InvariantCulture), "-u", username, "-w", password,
            "-p", port.ToString(CultureInfo.InvariantCulture), "-e", "127.0.0.1", "-r", PeerPort.ToString(CultureInfo.InvariantCulture), host,
        ]);
        var output = client.StandardOutput.ReadToEndAsync();
        var errors = client.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await client.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            client.Kill(entireProcessTree: true);
            Assert.Fail("turnutils_uclient did not finish within 30 s");
        }

        return (client.ExitCode, await output + await errors);
    }

    /// <summary>The last lines turnserver printed (for failure messages).</summary>
    public string ServerLog => (_server.HasExited ? $"turnserver exited with {_server.ExitCode}\n" : string.Empty) + string.Join('\n', _serverLog.TakeLast(30));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _peer, _server })
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Starts a tool; a long-running one (<paramref name="log"/> given) has its output drained into the log so a full pipe never blocks it.</summary>
    private static Process Launch(ConcurrentQueue<string>? log, string tool, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        if (log is not null)
        {
            process.OutputDataReceived += (_, line) => Keep(log, line.Data);
            process.ErrorDataReceived += (_, line) => Keep(log, line.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return process;
    }

    private static void Keep(ConcurrentQueue<string> log, string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Enqueue(line);
        while (log.Count > 200)
        {
            log.TryDequeue(out _);
        }
    }

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);
}
