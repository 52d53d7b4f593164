using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>Probing /dashboard/ (grain state, silo statistics, live logs) of a Production gateway.</summary>
public sealed class DashboardProbeTests
{
    private static readonly string[] Paths = ["/dashboard/", "/dashboard/ClusterStats", "/dashboard/GrainState", "/dashboard/Trace"];

    [Fact]
    public async Task A_Production_gateway_with_the_dashboard_on_but_no_credentials_does_not_serve_it()
    {
        await using var server = await GatewayServer.StartAsync(HostileGatewayFixture.Settings(new Dictionary<string, string?> { ["Orleans:Dashboard"] = "true" }), environment: "Production");

        foreach (var path in Paths)
        {
            using var response = await server.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Guessing_dashboard_credentials_gets_401_every_time_and_others_are_served()
    {
        await using var server = await GatewayServer.StartAsync(HostileGatewayFixture.Settings(new Dictionary<string, string?>
        {
            ["Orleans:Dashboard"] = "true",
            ["Orleans:DashboardUsername"] = "operator",
            ["Orleans:DashboardPassword"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)),
        }), environment: "Production");
        await using var probe = await ServiceProbe.StartAsync(server);
        string[] guesses = ["admin:admin", "operator:", "operator:password", "operator:changeme", ":", "operator", "root:toor"];

        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Paths[i % Paths.Length]);
            if (i % 8 != 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(guesses[i % guesses.Length])));
            }

            using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return (response.StatusCode, Challenge: response.Headers.WwwAuthenticate.FirstOrDefault()?.Scheme);
        }));

        Assert.All(responses, response =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic", response.Challenge);
        });
        await probe.AssertServedAsync();
    }
}
