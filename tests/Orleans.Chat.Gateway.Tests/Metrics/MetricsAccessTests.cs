using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Orleans.Chat.Gateway.Tests.Metrics;

/// <summary>/metrics is an operator surface: never open by default, the server API key or nothing.</summary>
public sealed class MetricsAccessTests
{
    [Fact]
    public async Task Metrics_without_a_key_or_with_a_wrong_one_is_refused_401_and_served_with_the_key_in_either_header()
    {
        await using var server = await GatewayServer.StartAsync();

        await AssertRefusedAsync(server, "auth_required", "Authentication required");
        await AssertRefusedAsync(server, "auth_failed", "Authentication failed: invalid API key", request => request.Headers.Add("X-Api-Key", "not-the-key"));
        await AssertRefusedAsync(server, "auth_failed", "Authentication failed: invalid API key",
            request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayServer.ApiKey + "x"));
        await AssertRefusedAsync(server, "auth_failed", "Authentication failed: invalid API key",
            request => request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("metrics:x"u8.ToArray())));
        // A prefix of the right key is as wrong as any other.
        await AssertRefusedAsync(server, "auth_failed", "Authentication failed: invalid API key", request => request.Headers.Add("X-Api-Key", GatewayServer.ApiKey[..^1]));

        using var withHeader = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        withHeader.Headers.Add("X-Api-Key", GatewayServer.ApiKey);
        using var served = await server.Http.SendAsync(withHeader);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains("orleans_chat_connections", await served.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var viaBearer = await MetricsText.ScrapeAsync(server.Http);
        Assert.True(viaBearer.Has("orleans_chat_connections", ("protocol", "native"), ("transport", "websocket")));
    }

    [Fact]
    public async Task Metrics_is_not_served_at_all_without_an_api_key_while_RequireApiKey()
    {
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Api:Key"] = string.Empty });

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything");
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("orleans_chat", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireApiKey_false_opens_metrics_and_Enabled_false_removes_it()
    {
        await using (var open = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Metrics:RequireApiKey"] = "false", ["Api:Key"] = string.Empty }))
        {
            using var response = await open.Http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("orleans_chat_connections", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var off = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Metrics:Enabled"] = "false" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Api-Key", GatewayServer.ApiKey);
        using var removed = await off.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
    }

    [Fact]
    public async Task Metrics_Port_serves_metrics_there_only_guarded_by_the_key_and_nothing_else()
    {
        var port = FreePort.Next();
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var metricsUri = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient();

        using (var onAppPort = new HttpRequestMessage(HttpMethod.Get, "/metrics"))
        {
            onAppPort.Headers.Add("X-Api-Key", GatewayServer.ApiKey);
            Assert.Equal(HttpStatusCode.NotFound, (await server.Http.SendAsync(onAppPort)).StatusCode);
        }

        using (var unauthenticated = await http.GetAsync(new Uri(metricsUri, "/metrics")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
            Assert.Equal("auth_required", JsonDocument.Parse(await unauthenticated.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        }

        var scraped = await MetricsText.ScrapeAsync(http, metricsUri);
        Assert.Contains("orleans_chat_connections", scraped.Text, StringComparison.Ordinal);

        // The chat's endpoints are not on the metrics port, with or without the key.
        foreach (var path in new[] { "/health/live", "/api/stats", "/ws", "/" })
        {
            using var other = new HttpRequestMessage(HttpMethod.Get, new Uri(metricsUri, path));
            other.Headers.Add("X-Api-Key", GatewayServer.ApiKey);
            Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(other)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health/live")).StatusCode);
    }

    private static async Task AssertRefusedAsync(GatewayServer server, string code, string error, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        configure?.Invoke(request);
        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(code, json.RootElement.GetProperty("code").GetString());
        Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
        Assert.DoesNotContain("orleans_chat", body, StringComparison.Ordinal);
    }
}
