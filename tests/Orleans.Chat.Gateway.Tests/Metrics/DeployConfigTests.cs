using System.Diagnostics;

namespace Orleans.Chat.Gateway.Tests.Metrics;

/// <summary>deploy/prometheus is what operators copy: Prometheus's own checker must accept it.</summary>
public sealed class DeployConfigTests
{
    private const string Promtool = "/usr/bin/promtool";

    [Theory]
    [InlineData("config", "prometheus.yml")]
    [InlineData("rules", "alerts.yml")]
    public async Task Promtool_accepts_the_deploy_files(string check, string file)
    {
        Assert.True(File.Exists(Promtool), $"promtool is not installed ({Promtool}); it comes with `apt-get install -y prometheus`.");
        var info = new ProcessStartInfo(Promtool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add(check);
        info.ArgumentList.Add(Path.Combine(DeployFolder(), file));
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"promtool check {check} {file}:\n{output}");
    }

    private static string DeployFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Orleans.Chat.sln")))
            {
                return Path.Combine(folder.FullName, "deploy", "prometheus");
            }
        }

        throw new InvalidOperationException("the repository root (Orleans.Chat.sln) is not above " + AppContext.BaseDirectory);
    }
}
