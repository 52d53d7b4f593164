using System.Globalization;

namespace Orleans.Chat.Bench.Cli;

/// <summary>Command line of the harness.</summary>
public sealed class BenchOptions
{
    public bool Quick { get; private set; }
    public string? JsonPath { get; private set; }
    public IReadOnlyList<string>? Targets { get; private set; }
    public IReadOnlyList<string>? Scenarios { get; private set; }
    public bool Build { get; private set; } = true;
    public bool Pin { get; private set; } = true;
    public string ServerCpus { get; private set; } = "0";
    public string ClientCpus { get; private set; } = "1";
    public double? WarmupSeconds { get; private set; }
    public double? MeasureSeconds { get; private set; }
    public int ContentBytes { get; private set; } = 100;
    public int? LatencyRate { get; private set; }
    public IReadOnlyList<int>? IdleSizes { get; private set; }
    public double? IdleSettleSeconds { get; private set; }
    public string? ResultsName { get; private set; }

    /// <summary>Output folder of another gateway build, measured as target orleans-chat-ref.</summary>
    public string? ReferenceGateway { get; private set; }

    /// <summary>Extra environment variables for every server process (experiments: DOTNET_* knobs).</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment => _serverEnvironment;

    /// <summary>Extra configuration for the Orleans.Chat gateway, passed as --Key Value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GatewayConfig => _gatewayConfig;

    private readonly Dictionary<string, string> _serverEnvironment = [];
    private readonly List<KeyValuePair<string, string>> _gatewayConfig = [];
    public bool Help { get; private set; }
    public int Repeat { get; private set; } = 1;

    /// <summary>Leave the .NET servers' tiered JIT at its defaults (no DOTNET_TC_CallCountingDelayMs=0).</summary>
    public bool JitDefaults { get; private set; }

    public const string Usage = """
        Orleans.Chat benchmark: dotnet run -c Release --project bench -- [options]

          --quick                 short version of every scenario (under 10 minutes on 2 cores)
          --json FILE             write the results as JSON
          --targets a,b           orleans-chat, orleans-chat-socketio, socketio-node, signalr (default: these four);
                                  kestrel-ws (bare Kestrel WebSockets, the floor) and orleans-chat-cluster
                                  (redis-server + 2 silos + 2 gateways) on request
          --scenarios x,y         scenario names or prefixes: fanout, fanout-100, latency, many-rooms, idle, connect-rate,
                                  connect-churn
          --no-build              do not build the servers first (they must be built in Release)
          --no-pin                do not pin servers and load generator to cores
          --server-cpus LIST      taskset CPU list of the servers (default 0)
          --client-cpus LIST      taskset CPU list of the load generator (default 1)
          --warmup SECONDS        warm-up of each measured scenario
          --duration SECONDS      measurement window of each measured scenario
          --content BYTES         message content length (default 100)
          --latency-rate N        messages per second of the latency scenario
          --idle-sizes N,M        idle connection counts (default 10000,50000; quick 2000)
          --idle-settle SECONDS   wait after the idle connections are up, before the readings (default 10; quick 3):
                                  a longer wait lets the runtime finish tiering up the connect path's code
          --results-name NAME     results/NAME.md instead of the date
          --repeat N              run every target and scenario N times, targets interleaved, and report the median round
          --jit-defaults          do not set DOTNET_TC_CallCountingDelayMs=0 on the .NET servers (see README)
          --server-env K=V        environment variable for every server (repeatable), e.g. DOTNET_TieredPGO=0
          --gateway-config K=V    configuration for the Orleans.Chat gateway (repeatable), e.g. Streams:PollPeriodMs=1
          --reference-gateway DIR another build's gateway output (DIR/Orleans.Chat.Gateway.dll), run as target
                                  orleans-chat-ref next to orleans-chat: before/after a change in one run
                                  (and orleans-chat-socketio-ref, when named in --targets)
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick":
                    options.Quick = true;
                    break;
                case "--json":
                    options.JsonPath = Next();
                    break;
                case "--targets":
                    options.Targets = List(Next());
                    break;
                case "--scenarios":
                    options.Scenarios = List(Next());
                    break;
                case "--no-build":
                    options.Build = false;
                    break;
                case "--no-pin":
                    options.Pin = false;
                    break;
                case "--server-cpus":
                    options.ServerCpus = Next();
                    break;
                case "--client-cpus":
                    options.ClientCpus = Next();
                    break;
                case "--warmup":
                    options.WarmupSeconds = double.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--duration":
                    options.MeasureSeconds = double.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--content":
                    options.ContentBytes = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--latency-rate":
                    options.LatencyRate = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--idle-sizes":
                    options.IdleSizes = [.. List(Next()).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                    break;
                case "--idle-settle":
                    options.IdleSettleSeconds = double.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--results-name":
                    options.ResultsName = Next();
                    break;
                case "--repeat":
                    options.Repeat = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture));
                    break;
                case "--jit-defaults":
                    options.JitDefaults = true;
                    break;
                case "--server-env":
                    var (envName, envValue) = Pair(Next());
                    options._serverEnvironment[envName] = envValue;
                    break;
                case "--gateway-config":
                    var (key, value) = Pair(Next());
                    options._gatewayConfig.Add(new(key, value));
                    break;
                case "--reference-gateway":
                    options.ReferenceGateway = Next();
                    break;
                case "-h" or "--help":
                    options.Help = true;
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (options.ContentBytes < 40)
        {
            throw new ArgumentException("--content must be at least 40 bytes (it carries a timestamp and the sender)");
        }

        return options;
    }

    private static (string Key, string Value) Pair(string value)
    {
        var at = value.IndexOf('=', StringComparison.Ordinal);
        return at > 0 ? (value[..at], value[(at + 1)..]) : throw new ArgumentException($"expected KEY=VALUE, got {value}");
    }

    private static List<string> List(string value) => [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
