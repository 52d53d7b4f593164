using System.Globalization;
using Orleans.Chat.Bench.Servers;

namespace Orleans.Chat.Bench.Measurement;

/// <summary>
/// One read of a gateway's <c>GET /metrics</c> (Prometheus text, served with <c>Api:Key</c>): every
/// sample by metric name, so a scenario can difference counters and gauges between two reads.
/// </summary>
public sealed class MetricsScrape
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    private readonly Dictionary<string, double> _byName;
    private readonly List<(string Name, string Labels, double Value)> _samples;

    private MetricsScrape(Dictionary<string, double> byName, List<(string Name, string Labels, double Value)> samples)
    {
        _byName = byName;
        _samples = samples;
    }

    /// <summary>The metric names the gateway exported, for the notes when an expected one is missing.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>Scrapes the server; null when it serves no metrics (a baseline, or no Api:Key).</summary>
    public static async Task<MetricsScrape?> TakeAsync(TargetServer server)
    {
        if (server.ApiKey is not { } key)
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{server.Endpoint}/metrics");
        request.Headers.Add("X-Api-Key", key);
        try
        {
            using var response = await Http.SendAsync(request);
            return response.IsSuccessStatusCode ? Parse(await response.Content.ReadAsStringAsync()) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The sum of every sample of <paramref name="name"/> (all label sets), or null when it is absent.</summary>
    public double? Sum(string name) => _byName.TryGetValue(name, out var value) ? value : null;

    /// <summary>The samples of <paramref name="name"/> summed by the value of one label (e.g. grain_type).</summary>
    public Dictionary<string, double> SumBy(string name, string label)
    {
        var key = $"{label}=\"";
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (sampleName, labels, value) in _samples)
        {
            if (sampleName != name)
            {
                continue;
            }

            var at = labels.IndexOf(key, StringComparison.Ordinal);
            var group = at < 0 ? string.Empty : labels[(at + key.Length)..labels.IndexOf('"', at + key.Length)];
            sums[group] = sums.GetValueOrDefault(group) + value;
        }

        return sums;
    }

    public static MetricsScrape Parse(string text)
    {
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        var samples = new List<(string Name, string Labels, double Value)>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // name{labels} value [timestamp]; label values may hold spaces, so split after the closing brace.
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var nameEnd = brace >= 0 && brace < space ? brace : space;
            if (nameEnd <= 0)
            {
                continue;
            }

            var valueStart = brace >= 0 && brace < space ? line.LastIndexOf('}') + 1 : space;
            var fields = line[valueStart..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value))
            {
                continue;
            }

            var name = line[..nameEnd];
            byName[name] = byName.GetValueOrDefault(name) + value;
            samples.Add((name, line[nameEnd..valueStart], value));
        }

        return new MetricsScrape(byName, samples);
    }
}
