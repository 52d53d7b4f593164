using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>ASP.NET Core's rate limiter on /api/* and /auth/dev-token, and the stats cache behind /api/stats.</summary>
public sealed class HttpRateLimitTests
{
    private static readonly IPAddress OtherAddress = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task The_server_API_answers_429_past_its_limit_per_address_and_key()
    {
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "5" });

        for (var i = 0; i < 5; i++)
        {
            var (status, _) = await server.ApiPostAsync("/api/broadcast", """{"event":"x","data":{}}""", apiKey: "wrong-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }

        using var limited = await PostAsync(server.Http, "/api/broadcast", """{"event":"x","data":{}}""", apiKey: "wrong-again");
        await AssertRateLimitedAsync(limited);

        // The right key from the same address has a budget of its own.
        var (served, _) = await server.ApiPostAsync("/api/broadcast", """{"event":"x","data":{}}""");
        Assert.Equal(HttpStatusCode.OK, served);

        // Another address is unaffected.
        using var other = LoopbackSource.Client(server.BaseUri, OtherAddress);
        using var otherResponse = await PostAsync(other, "/api/broadcast", """{"event":"x","data":{}}""", apiKey: "wrong-elsewhere");
        Assert.Equal(HttpStatusCode.Unauthorized, otherResponse.StatusCode);
    }

    [Fact]
    public async Task Dev_tokens_answer_429_past_their_limit_per_address()
    {
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Auth:DevTokensPerMinute"] = "3" });

        for (var i = 0; i < 3; i++)
        {
            await server.DevTokenAsync("user-" + i);
        }

        using var limited = await server.Http.PostAsJsonAsync("/auth/dev-token", new { userId = "user-4" });
        await AssertRateLimitedAsync(limited);

        using var other = LoopbackSource.Client(server.BaseUri, OtherAddress);
        using var otherResponse = await other.PostAsJsonAsync("/auth/dev-token", new { userId = "user-5" });
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
    }

    [Fact]
    public async Task Concurrent_stats_requests_cost_at_most_a_couple_of_grain_calls()
    {
        var counter = new GrainCallCounter(typeof(IChatStatsGrain).GetMethod(nameof(IChatStatsGrain.GetStats))!);
        await using var server = await GatewayServer.StartAsync(configure: counter.Register);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await server.Http.GetAsync("/api/stats");
            return response.StatusCode;
        }));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.InRange(counter.Calls, 1, 2);
    }

    [Fact]
    public async Task Stats_are_fetched_again_once_the_cache_duration_has_passed()
    {
        var counter = new GrainCallCounter(typeof(IChatStatsGrain).GetMethod(nameof(IChatStatsGrain.GetStats))!);
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Api:StatsCacheDuration"] = "00:00:00.200" }, configure: counter.Register);

        await server.StatsAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        await server.StatsAsync();

        Assert.Equal(2, counter.Calls);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json, string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", apiKey);
        return await http.SendAsync(request);
    }

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.True(response.Headers.RetryAfter.Delta > TimeSpan.Zero);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Rate limit exceeded", body.RootElement.GetProperty("error").GetString());
        Assert.Equal("rate_limited", body.RootElement.GetProperty("code").GetString());
    }
}
