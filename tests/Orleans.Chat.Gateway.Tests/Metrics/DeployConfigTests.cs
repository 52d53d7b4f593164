using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Orleans.Chat.Gateway.Tests.Metrics;

/// <summary>deploy/prometheus and deploy/grafana are what operators copy: Prometheus's own checker must accept them.</summary>
public sealed class DeployConfigTests
{
    private const string Promtool = "/usr/bin/promtool";

    [Theory]
    [InlineData("config", "prometheus.yml")]
    [InlineData("rules", "alerts.yml")]
    public Task Promtool_accepts_the_deploy_files(string check, string file) =>
        PromtoolCheckAsync(check, Path.Combine(DeployFolder(), "prometheus", file));

    /// <summary>Every query of the Grafana dashboard parses as PromQL: each becomes a recording rule for promtool.</summary>
    [Fact]
    public async Task The_grafana_dashboard_queries_are_valid_promql()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(DeployFolder(), "grafana", "orleans-chat.json")));
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        var count = 0;
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                // Grafana's variables, as Grafana substitutes them.
                var expr = target.GetProperty("expr").GetString()!
                    .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
                    .Replace("$instance", ".*", StringComparison.Ordinal);
                rules.Append("      - record: dashboard:query_").Append(++count).Append("\n        expr: ").Append(JsonSerializer.Serialize(expr)).Append('\n');
            }
        }

        Assert.True(count >= 14, $"the dashboard has {count} queries");
        var file = Path.Combine(Directory.CreateTempSubdirectory("orleans-chat-dashboard-").FullName, "dashboard-rules.yml");
        await File.WriteAllTextAsync(file, rules.ToString());
        try
        {
            await PromtoolCheckAsync("rules", file);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    private static async Task PromtoolCheckAsync(string check, string path)
    {
        Assert.True(File.Exists(Promtool), $"promtool is not installed ({Promtool}); it comes with `apt-get install -y prometheus`.");
        var info = new ProcessStartInfo(Promtool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add(check);
        info.ArgumentList.Add(path);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"promtool check {check} {path}:\n{output}");
    }

    private static string DeployFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Orleans.Chat.sln")))
            {
                return Path.Combine(folder.FullName, "deploy");
            }
        }

        throw new InvalidOperationException("the repository root (Orleans.Chat.sln) is not above " + AppContext.BaseDirectory);
    }
}
