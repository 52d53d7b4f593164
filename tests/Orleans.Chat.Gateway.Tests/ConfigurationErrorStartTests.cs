using System.Diagnostics;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>The real gateway process, started with a bad value, stops with one line on stderr and exit code 1.</summary>
public sealed class ConfigurationErrorStartTests
{
    [Fact]
    public async Task A_bad_value_stops_the_gateway_with_one_line_and_exit_code_1()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(GatewayDll());
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["Limits__ConnectionsPerUser"] = "0";

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("Configuration error: Limits:ConnectionsPerUser must be between 1 and 100000 (was 0).", (await stderr).Trim());
        Assert.DoesNotContain("   at ", await stdout, StringComparison.Ordinal);
    }

    /// <summary>The gateway build next to this test's: gateway/bin/&lt;Configuration&gt;/net10.0.</summary>
    private static string GatewayDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;
        for (var directory = testOutput; directory is not null; directory = directory.Parent)
        {
            var dll = Path.Combine(directory.FullName, "gateway", "bin", configuration, "net10.0", "Orleans.Chat.Gateway.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException("No gateway build above the test assembly.");
    }
}
