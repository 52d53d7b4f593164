using System.Diagnostics;
using System.Net;
using Orleans.Chat.Grains;
using Orleans.Chat.Hostile.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>Hammering the public /api/stats and /health/ready, which both ask the single stats grain.</summary>
public sealed class StatsFloodTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_stats_and_readiness_flood_costs_at_most_one_grain_call_per_second_and_others_are_served()
    {
        var counter = new GrainCallCounter(typeof(IChatStatsGrain).GetMethod(nameof(IChatStatsGrain.GetStats))!);
        await using var server = await GatewayServer.StartAsync(HostileGatewayFixture.Settings(), environment: "Production", configure: counter.Register);
        await using var probe = await ServiceProbe.StartAsync(server);
        var before = counter.Calls;
        var started = Stopwatch.GetTimestamp();

        // 2,000 requests, 100 at a time: past the per-address API limit, so /api/stats also answers 429.
        using var gate = new SemaphoreSlim(100);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 2000).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await server.Http.GetAsync(i % 2 == 0 ? "/api/stats" : "/health/ready");
                return response.StatusCode;
            }
            finally
            {
                gate.Release();
            }
        }));

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var calls = counter.Calls - before;
        output.WriteLine($"{calls} stats grain calls for 2,000 requests in {seconds:F1} s ({statuses.Count(s => s == HttpStatusCode.TooManyRequests)} answered 429)");
        Assert.All(statuses, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.Contains(HttpStatusCode.OK, statuses);
        // One call per 1 s cache interval (plus the one in flight when the flood began), not one per request.
        Assert.True(calls <= Math.Ceiling(seconds) + 2, $"{calls} stats grain calls for 2,000 requests in {seconds:F1} s");
        await probe.AssertServedAsync();
    }
}
