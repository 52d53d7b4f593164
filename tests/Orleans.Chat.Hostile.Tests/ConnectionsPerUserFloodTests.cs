using System.Net;
using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>120 concurrent connections of one user.</summary>
public sealed class ConnectionsPerUserFloodTests
{
    [Fact]
    public async Task Connections_of_one_user_past_the_cap_are_refused_with_too_many_connections()
    {
        // A gateway of its own: 120 connects would spend most of the shared gateway's per-address budget.
        await using var server = await GatewayServer.StartAsync(HostileGatewayFixture.Settings(), environment: "Production");
        await using var probe = await ServiceProbe.StartAsync(server);
        var user = TestIds.User();
        var token = HostileGatewayFixture.Token(user);

        // Upgraded responses stay open (undisposed) until the end, so their connections stay counted.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 120).Select(async _ =>
        {
            var response = await server.Http.SendAsync(UpgradeRequest.To($"/ws?token={token}"), HttpCompletionOption.ResponseHeadersRead);
            var body = response.StatusCode == HttpStatusCode.SwitchingProtocols ? null : await response.Content.ReadAsStringAsync();
            return (response.StatusCode, Body: body, Response: response);
        }));

        try
        {
            // The default Limits:ConnectionsPerUser.
            Assert.Equal(10, outcomes.Count(outcome => outcome.StatusCode == HttpStatusCode.SwitchingProtocols));
            Assert.All(outcomes.Where(outcome => outcome.StatusCode != HttpStatusCode.SwitchingProtocols), outcome =>
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, outcome.StatusCode);
                Assert.Contains("\"code\":\"too_many_connections\"", outcome.Body, StringComparison.Ordinal);
            });
            await probe.AssertServedAsync();
        }
        finally
        {
            foreach (var outcome in outcomes)
            {
                outcome.Response.Dispose();
            }
        }
    }
}
