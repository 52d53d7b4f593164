using System.Diagnostics;
using System.Globalization;

namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>
/// A child process of the test (redis-server, a silo, a gateway) whose stdout and stderr go,
/// time-stamped, to a log file. It can crash (<see cref="KillAsync"/>: the whole process tree,
/// no graceful shutdown) or stop (<see cref="StopAsync"/>: SIGTERM, then a kill after a grace period).
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(15);

    /// <summary>Processes still running, killed if the test host exits without disposing them.</summary>
    private static readonly HashSet<Process> Running = [];

    static NodeProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllRunning();

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private bool _disposed;

    private NodeProcess(string name, Process process, StreamWriter log, string logPath)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public string Name { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static NodeProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        string logPath)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        log.WriteLine($"{Stamp()} --- starting {name}: {fileName} {string.Join(' ', info.ArgumentList)}");
        var process = new Process { StartInfo = info };
        var node = new NodeProcess(name, process, log, logPath);
        process.OutputDataReceived += (_, line) => node.Write(line.Data);
        process.ErrorDataReceived += (_, line) => node.Write(line.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            log.Dispose();
            process.Dispose();
            throw new InvalidOperationException($"Cannot start {fileName} for {name} ({ex.Message}); is it installed and on PATH? (redis-server: apt-get install -y redis-server)", ex);
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        lock (Running)
        {
            Running.Add(process);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>A crash: kills the process tree at once and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await WaitForExitAsync(ExitWait);
        Write("--- killed by the test");
    }

    /// <summary>A graceful stop (SIGTERM); killed when it has not exited within <paramref name="grace"/>. True when it stopped by itself.</summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return true;
        }

        using (var signal = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            await signal!.WaitForExitAsync();
        }

        if (await WaitForExitAsync(grace))
        {
            Write("--- stopped by the test");
            return true;
        }

        await KillAsync();
        return false;
    }

    /// <summary>The last lines of the log.</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException ex)
        {
            return $"(log unreadable: {ex.Message})";
        }
    }

    /// <summary>The whole log so far.</summary>
    public string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        lock (_logLock)
        {
            _log.Dispose();
        }

        lock (Running)
        {
            Running.Remove(_process);
        }

        _process.Dispose();
    }

    private static void KillAllRunning()
    {
        lock (Running)
        {
            foreach (var process in Running)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }
        }
    }

    private async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            // Also waits for the redirected output to be read to its end.
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            try
            {
                _log.WriteLine($"{Stamp()} {line}");
            }
            catch (ObjectDisposedException)
            {
                // Output after dispose: dropped.
            }
        }
    }

    private static string Stamp() => DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
