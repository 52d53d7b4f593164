using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using Orleans.Chat.Bench.Measurement;
using Orleans.Chat.Bench.Net;

namespace Orleans.Chat.Bench.Servers;

/// <summary>
/// A target server running as a child process pinned to the server cores (taskset), with its
/// output in bench/results/tmp/&lt;target&gt;.log. Its CPU time and RSS are read from /proc.
/// </summary>
public sealed partial class TargetServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(180);
    private const int SigTerm = 15;
    private const int SigKill = 9;

    private readonly Process _process;
    private readonly StreamWriter _log;

    private TargetServer(TargetDefinition target, Process process, StreamWriter log, IPEndPoint endpoint, Func<string, string> tokenFor, string logPath, string cpus)
    {
        Cpus = ProcessMetrics.ParseCpuList(cpus);
        Target = target;
        _process = process;
        _log = log;
        Endpoint = endpoint;
        TokenFor = tokenFor;
        LogPath = logPath;
    }

    public TargetDefinition Target { get; }
    public IPEndPoint Endpoint { get; }
    public Func<string, string> TokenFor { get; }
    public string LogPath { get; }
    public int Pid => _process.Id;

    /// <summary>The gateway's Api:Key (it serves /metrics with it), or null for the baselines.</summary>
    public string? ApiKey { get; private set; }

    /// <summary>The CPUs the server is pinned to.</summary>
    public IReadOnlySet<int> Cpus { get; }
    public bool HasExited => _process.HasExited || _companions.Any(c => c.Node.HasExited);

    /// <summary>CPU time of the server, summed over every process of a cluster target.</summary>
    public long CpuMicros() => ProcessMetrics.CpuMicros(Pid) + _companions.Sum(c => c.Node.CpuMicros());

    /// <summary>Resident memory of the server, summed over every process of a cluster target.</summary>
    public long RssKb() => ProcessMetrics.RssKb(Pid) + _companions.Sum(c => c.Node.RssKb());

    public static async Task<TargetServer> StartAsync(
        TargetDefinition target, RepoPaths paths, string serverCpus,
        IReadOnlyDictionary<string, string> environment, IReadOnlyList<KeyValuePair<string, string>> gatewayConfig)
    {
        if (target.Server == ServerKind.Cluster)
        {
            return await LocalCluster.StartAsync(target, paths, serverCpus, environment, gatewayConfig);
        }

        var port = LoopbackSources.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = PinnedStart(serverCpus, environment);
        Func<string, string> tokenFor = userId => userId;
        string? apiKey = null;
        string healthPath;
        switch (target.Server)
        {
            case ServerKind.Gateway:
                var key = JwtIssuer.NewSigningKey();
                var issuer = new JwtIssuer(key);
                tokenFor = issuer.TokenFor;
                start.WorkingDirectory = target.GatewayOutput ?? paths.GatewayOutput;
                var filesDirectory = Path.Combine(paths.Logs, $"files-{target.Name}");
                if (Directory.Exists(filesDirectory))
                {
                    Directory.Delete(filesDirectory, recursive: true); // the previous run's uploads
                }

                AddAll(start, "dotnet", Path.Combine(start.WorkingDirectory, Path.GetFileName(paths.GatewayDll)), "--urls", url,
                    "--Orleans:SiloPort", LoopbackSources.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--Orleans:GatewayPort", LoopbackSources.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--Orleans:Dashboard", "false",
                    // Uploads of the files scenario go to a scratch directory, not the build output.
                    "--Files:Directory", filesDirectory);
                AddGatewayLimits(start, gatewayConfig);
                start.Environment["Auth__SigningKey"] = key; // not on the command line: it shows in ps
                apiKey = JwtIssuer.NewSigningKey();
                start.Environment["Api__Key"] = apiKey; // serves /metrics: the idle scenario reads Orleans' grain call and activation counts
                healthPath = "/health/ready";
                break;
            case ServerKind.SignalR:
                if (target.Jwt)
                {
                    var signalRKey = JwtIssuer.NewSigningKey();
                    tokenFor = new JwtIssuer(signalRKey).TokenFor;
                    start.Environment["BENCH_SIGNALR_JWT_KEY"] = signalRKey;
                }

                if (target.Grains)
                {
                    start.Environment["BENCH_SIGNALR_GRAINS"] = "1";
                }

                start.WorkingDirectory = paths.SignalROutput;
                AddAll(start, "dotnet", paths.SignalRDll, "--urls", url);
                healthPath = "/health";
                break;
            case ServerKind.KestrelWs:
                start.WorkingDirectory = paths.KestrelWsOutput;
                AddAll(start, "dotnet", paths.KestrelWsDll, "--urls", url);
                healthPath = "/health";
                break;
            case ServerKind.SocketIoNode:
                start.WorkingDirectory = paths.SocketIoNode;
                AddAll(start, "node", "server.js", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", "127.0.0.1");
                healthPath = "/health";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(target));
        }

        var server = await LaunchAsync(target, target.Name, start, paths, new IPEndPoint(IPAddress.Loopback, port), tokenFor, serverCpus, new Uri($"{url}{healthPath}"));
        server.ApiKey = apiKey;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = kill(_process.Id, SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        await DisposeCompanionsAsync();
    }

    /// <summary>Kills the server at once (harness exit).</summary>
    public void KillNow()
    {
        // A cluster's processes first, with one signal each: the exit handler may not get the time
        // for a process-tree walk per process on a busy machine (a killed harness left silos running).
        foreach (var (_, node) in _companions)
        {
            _ = kill(node.Pid, SigKill);
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Gone.
        }
    }

    public string LogTail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private async Task WaitReadyAsync(Uri health)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Target.Name} exited with {_process.ExitCode} before it was ready:\n{LogTail()}");
            }

            if (deadline.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"{Target.Name} not ready after {ReadyTimeout.TotalSeconds} s:\n{LogTail()}");
            }

            try
            {
                using var response = await http.GetAsync(health);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }
    }

    private static void AddAll(ProcessStartInfo start, params string[] arguments)
    {
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The server is being disposed.
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
