using System.Net;
using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>Upgrades to /ws without a token, or with a forged one, in bulk.</summary>
[Collection(HostileCollection.Name)]
public sealed class UnauthenticatedUpgradeTests(HostileGatewayFixture gateway)
{
    [Fact]
    public async Task A_flood_of_upgrades_without_a_valid_token_is_refused_before_the_upgrade_and_others_are_served()
    {
        await using var probe = await ServiceProbe.StartAsync(gateway);
        var forged = TestTokens.Create(new string('x', 48), "mallory");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 400).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, i % 2 == 0 ? "/ws" : $"/ws?token={forged}");
            using var response = await gateway.Server.Http.SendAsync(request);
            return response.StatusCode;
        }));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        await probe.AssertServedAsync();
    }
}
