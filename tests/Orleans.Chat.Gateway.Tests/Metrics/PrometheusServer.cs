using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Chat.Gateway.Tests.Metrics;

/// <summary>
/// A real Prometheus (Debian's /usr/bin/prometheus, 2.42) on a loopback port, with a temporary configuration
/// and storage directory, scraping one gateway every second with the API key as a bearer credential.
/// Debian: apt-get install prometheus (CI's .ci/run does).
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _log;

    private PrometheusServer(Process process, string directory, ConcurrentQueue<string> log, Uri uri)
    {
        _process = process;
        _directory = directory;
        _log = log;
        Uri = uri;
        Http = new HttpClient { BaseAddress = uri };
    }

    public Uri Uri { get; }
    public HttpClient Http { get; }

    /// <summary>The last lines Prometheus printed, for failure messages.</summary>
    public string Log => string.Join('\n', _log);

    public static async Task<PrometheusServer> StartAsync(Uri target, string bearer)
    {
        Assert.True(File.Exists(Binary), $"Prometheus is not installed ({Binary}): this test scrapes with a real one. Install it with `apt-get install -y prometheus` (CI's .ci/run does).");

        var directory = Directory.CreateTempSubdirectory("orleans-chat-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        // Prometheus can send no custom header: the key goes as `authorization` (Authorization: Bearer).
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: gateway
                authorization:
                  type: Bearer
                  credentials: "{bearer}"
                static_configs:
                  - targets: ["{target.Authority}"]
            """);

        var port = FreePort.Next();
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var log = new ConcurrentQueue<string>();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, line) => Keep(log, line.Data);
        process.ErrorDataReceived += (_, line) => Keep(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new PrometheusServer(process, directory, log, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await Eventually.TrueAsync(async () => !process.HasExited && await server.IsReadyAsync(), TimeSpan.FromSeconds(15), "Prometheus is ready");
            return server;
        }
        catch (Exception ex)
        {
            var output = server.Log;
            await server.DisposeAsync();
            throw new InvalidOperationException("Prometheus did not start:\n" + output, ex);
        }
    }

    /// <summary>An instant query; the value of its single sample, or null when the result is empty.</summary>
    public async Task<double?> QueryAsync(string promQl)
    {
        var response = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(promQl)}");
        Assert.Equal("success", response.GetProperty("status").GetString());
        var result = response.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until <paramref name="promQl"/> gives <paramref name="expected"/>.</summary>
    public async Task AssertEventuallyAsync(string promQl, double expected, TimeSpan? timeout = null)
    {
        double? last = null;
        try
        {
            await Eventually.TrueAsync(async () => (last = await QueryAsync(promQl)) == expected, timeout ?? TimeSpan.FromSeconds(10), promQl);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"{promQl}: expected {expected}, Prometheus says {last?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}\n{Log}", ex);
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync("/-/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static void Keep(ConcurrentQueue<string> log, string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Enqueue(line);
        while (log.Count > 100)
        {
            log.TryDequeue(out _);
        }
    }
}
