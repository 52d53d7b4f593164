using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Orleans.Chat.Gateway.Tests.Metrics;

/// <summary>A scrape of /metrics (Prometheus text format) and the values of its series.</summary>
public sealed class MetricsText(string text)
{
    public string Text { get; } = text;

    /// <summary>GET /metrics with the server API key as Prometheus sends it (Authorization: Bearer).</summary>
    public static async Task<MetricsText> ScrapeAsync(HttpClient http, Uri? baseUri = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, baseUri is null ? new Uri("/metrics", UriKind.Relative) : new Uri(baseUri, "/metrics"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayServer.ApiKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new MetricsText(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include every pair given (0 when none).</summary>
    public double Value(string name, params (string Label, string Value)[] labels) =>
        Samples(name, labels).Sum();

    public bool Has(string name, params (string Label, string Value)[] labels) => Samples(name, labels).Any();

    private IEnumerable<double> Samples(string name, (string Label, string Value)[] labels)
    {
        foreach (var line in Text.Split('\n'))
        {
            if (line.StartsWith('#') || !(line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal)))
            {
                continue;
            }

            var labelEnd = line.IndexOf('}', StringComparison.Ordinal);
            var labelText = labelEnd < 0 ? string.Empty : line[..labelEnd];
            if (labels.All(pair => labelText.Contains($"{pair.Label}=\"{pair.Value}\"", StringComparison.Ordinal)))
            {
                // "name{labels} value [timestamp]"
                var rest = line[(labelEnd < 0 ? name.Length : labelEnd + 1)..].Trim().Split(' ');
                yield return double.Parse(rest[0], CultureInfo.InvariantCulture);
            }
        }
    }
}
