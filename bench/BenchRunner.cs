using System.Globalization;
using Orleans.Chat.Bench.Cli;
using Orleans.Chat.Bench.Measurement;
using Orleans.Chat.Bench.Net;
using Orleans.Chat.Bench.Reporting;
using Orleans.Chat.Bench.Scenarios;
using Orleans.Chat.Bench.Servers;

namespace Orleans.Chat.Bench;

/// <summary>
/// Builds the servers, re-runs itself pinned to the load generator's cores, then for each
/// target: starts its server pinned to the server cores, runs every scenario, stops it; and
/// writes the JSON and markdown reports.
/// </summary>
public static class BenchRunner
{
    public static async Task<int> RunAsync(BenchOptions options, string[] args)
    {
        var paths = RepoPaths.Find();
        var targets = SelectTargets(options);
        if (!PinnedRelaunch.IsPinnedChild)
        {
            await ServerBuilder.PrepareAsync(targets, paths, options.Build);
            if (options.Pin)
            {
                // Built already: the pinned run skips it.
                return await PinnedRelaunch.RunPinnedAsync(options.ClientCpus, args.Append("--no-build"));
            }
        }

        var fdLimit = FileDescriptorLimit.RaiseToHardLimit();
        var scenarios = ScenarioCatalog.For(options);
        var (warmup, measure) = ScenarioCatalog.Durations(options);
        var pinning = options.Pin
            ? $"servers pinned to CPU {options.ServerCpus} (taskset -c {options.ServerCpus}), load generator to CPU {options.ClientCpus}"
            : "not pinned";
        var conditions = await RunConditions.CollectAsync(
            paths, options.Quick, pinning, $"warm-up {warmup.TotalSeconds:0.#} s, measured {measure.TotalSeconds:0.#} s per message scenario",
            options.ContentBytes, fdLimit, [.. targets.Select(t => t.Name)], [.. scenarios.Select(s => s.Name)], options.Repeat, Tuning(options));

        Console.WriteLine($"targets: {string.Join(", ", targets.Select(t => t.Name))}");
        Console.WriteLine($"scenarios: {string.Join(", ", scenarios.Select(s => s.Name))}");
        Console.WriteLine($"{pinning}; load average {conditions.LoadAverageAtStart}; RLIMIT_NOFILE {fdLimit}");

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var rounds = new List<ScenarioResult>();
        for (var round = 1; round <= options.Repeat && !cancel.IsCancellationRequested; round++)
        {
            if (options.Repeat > 1)
            {
                Console.WriteLine($"\n### round {round} of {options.Repeat}");
            }

            foreach (var target in targets)
            {
                if (cancel.IsCancellationRequested)
                {
                    break;
                }

                rounds.AddRange(await RunTargetAsync(target, scenarios, paths, options, warmup, measure, fdLimit, $"{runId}r{round}", cancel.Token));
            }
        }

        var results = RoundMedian.Of(rounds);

        conditions.Finished = DateTimeOffset.Now;
        conditions.LoadAverageAtEnd = ProcessMetrics.LoadAverage();
        await WriteReportsAsync(results, conditions, scenarios, paths, options);
        return 0;
    }

    private static async Task<List<ScenarioResult>> RunTargetAsync(
        TargetDefinition target, IReadOnlyList<Scenario> scenarios, RepoPaths paths, BenchOptions options,
        TimeSpan warmup, TimeSpan measure, long fdLimit, string runId, CancellationToken cancellationToken)
    {
        var results = new List<ScenarioResult>();
        Console.WriteLine();
        Console.WriteLine($"== {target.Name}: {target.Description}");
        TargetServer server;
        try
        {
            server = await TargetServer.StartAsync(target, paths, options.Pin ? options.ServerCpus : "0-1023", ServerEnvironment(options), options.GatewayConfig);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            Console.WriteLine($"   could not start: {ex.Message}");
            results.AddRange(scenarios.Select(s => Failed(s, target, $"server did not start: {FirstLine(ex.Message)}")));
            return results;
        }

        using var exitGuard = new ExitGuard(server);
        await using (server)
        {
            Console.WriteLine($"   started pid {server.Pid} on {server.Endpoint}; log {Path.GetRelativePath(paths.Root, server.LogPath)}");
            var clientCpus = ProcessMetrics.ParseCpuList(options.Pin ? options.ClientCpus : "0-1023");
            var context = new ScenarioContext(server, warmup, measure, options.ContentBytes, fdLimit, runId, clientCpus);
            foreach (var scenario in scenarios)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                if (server.HasExited)
                {
                    results.Add(Failed(scenario, target, "the server had exited"));
                    continue;
                }

                Console.Write($"   {scenario.Name,-22}");
                var started = System.Diagnostics.Stopwatch.StartNew();
                ScenarioResult result;
                try
                {
                    result = await scenario.RunAsync(context, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    result = Failed(scenario, target, $"{ex.GetType().Name}: {FirstLine(ex.Message)}");
                }

                results.Add(result);
                Console.WriteLine($"{Summary(result)} | {started.Elapsed.TotalSeconds:F0} s");
            }
        }

        return results;
    }

    private static async Task WriteReportsAsync(List<ScenarioResult> results, RunConditions conditions, IReadOnlyList<Scenario> scenarios, RepoPaths paths, BenchOptions options)
    {
        if (options.JsonPath is { } json)
        {
            await JsonReport.WriteAsync(json, results, conditions);
            Console.WriteLine($"json: {json}");
        }

        Directory.CreateDirectory(paths.Results);
        var markdown = MarkdownReport.Render(results, conditions, scenarios);
        var name = options.ResultsName ?? conditions.Started.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture) + (options.Quick ? "-quick" : string.Empty);
        var file = Path.Combine(paths.Results, $"{name}.md");
        await File.WriteAllTextAsync(file, markdown);
        await File.WriteAllTextAsync(Path.Combine(paths.Results, "latest.md"), markdown);
        Console.WriteLine($"results: {Path.GetRelativePath(paths.Root, file)} (and bench/results/latest.md)");
    }

    private static List<TargetDefinition> SelectTargets(BenchOptions options)
    {
        List<TargetDefinition> known = [.. TargetDefinition.All];
        if (options.ReferenceGateway is { } reference)
        {
            if (!File.Exists(Path.Combine(reference, "Orleans.Chat.Gateway.dll")))
            {
                throw new ArgumentException($"--reference-gateway: no Orleans.Chat.Gateway.dll in {reference}");
            }

            // Right after their counterparts, so the two builds run back to back in each round.
            known.Insert(1, TargetDefinition.ReferenceGateway(reference));
            known.Insert(known.IndexOf(TargetDefinition.OrleansChatSocketIo) + 1, TargetDefinition.ReferenceSocketIoGateway(reference));
        }

        if (options.Targets is not { Count: > 0 } names)
        {
            // The native reference only: name orleans-chat-socketio-ref to compare the Socket.IO endpoints too.
            return [.. known.Where(t => TargetDefinition.Default.Contains(t) || t.Name == "orleans-chat-ref")];
        }

        return [.. names.Select(name => known.FirstOrDefault(t => t.Name == name)
            ?? throw new ArgumentException($"unknown target {name}; known: {string.Join(", ", known.Select(t => t.Name))}"))];
    }

    private static ScenarioResult Failed(Scenario scenario, TargetDefinition target, string reason) => new()
    {
        Name = scenario.Name,
        Target = target.Name,
        LoadAverage = ProcessMetrics.LoadAverage(),
        Skipped = $"failed: {reason}",
    };

    private static string Summary(ScenarioResult r)
    {
        if (r.Skipped is { } skipped)
        {
            return skipped;
        }

        var parts = new List<string>();
        if (r.DeliveredPerSec is { } delivered)
        {
            parts.Add($"{delivered,9:N0} delivered/s");
        }

        if (r.ServerCpuUsPerMsg is { } cpu)
        {
            parts.Add($"{cpu,7:N2} µs/msg");
        }

        if (r.P50Ms is { } p50)
        {
            parts.Add($"p50 {p50:N2} p99 {r.P99Ms:N2} p99.9 {r.P999Ms:N2} ms");
        }

        if (r.KbPerConnection is { } kb)
        {
            parts.Add($"{kb:N1} kB/conn");
        }

        if (r.ConnectsPerSec is { } cps)
        {
            parts.Add($"{cps:N0} conn/s");
        }

        if (r.Lost is not null)
        {
            parts.Add($"lost {r.Lost} dup {r.Duplicated} reord {r.Reordered}");
        }

        if (r.OtherLoadServerCorePct is { } other)
        {
            parts.Add($"other load on server/gen core {other:N0}/{r.OtherLoadClientCorePct:N0} %");
        }

        parts.Add($"errors {r.Errors}");
        parts.Add($"load {r.LoadAverage}");
        return string.Join(" | ", parts);
    }

    /// <summary>
    /// The environment of every server: on one busy core, the .NET tiered JIT can keep hot code at
    /// tier 0 for tens of seconds (each new tier-0 method restarts the 100 ms call-counting delay),
    /// far beyond any warm-up; without the delay the servers reach their steady state within the
    /// warm-up. It changes when code is optimized, not how. --jit-defaults measures the default.
    /// </summary>
    private static Dictionary<string, string> ServerEnvironment(BenchOptions options)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!options.JitDefaults)
        {
            environment["DOTNET_TC_CallCountingDelayMs"] = "0";
        }

        foreach (var (name, value) in options.ServerEnvironment)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static string Tuning(BenchOptions options)
    {
        var parts = ServerEnvironment(options).Select(e => $"env {e.Key}={e.Value}")
            .Concat(options.GatewayConfig.Select(c => $"gateway --{c.Key} {c.Value}"))
            .ToList();
        return parts.Count == 0 ? "defaults" : string.Join(", ", parts);
    }

    private static string FirstLine(string text) => text.Split('\n')[0];

    /// <summary>Kills the server if the harness exits without disposing it (unhandled exception, SIGTERM).</summary>
    private sealed class ExitGuard : IDisposable
    {
        private readonly TargetServer _server;

        public ExitGuard(TargetServer server)
        {
            _server = server;
            AppDomain.CurrentDomain.ProcessExit += OnExit;
        }

        public void Dispose() => AppDomain.CurrentDomain.ProcessExit -= OnExit;

        private void OnExit(object? sender, EventArgs e) => _server.KillNow();
    }
}
