using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Chat.Gateway.Calls;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// The credentials of /api/ice-servers against a real coturn running the deploy example's configuration
/// (use-auth-secret, its placeholder replaced by Calls:TurnSecret):
/// they allocate a relay that carries packets; a wrong password, someone else's name, another secret's
/// credential or an expired name do not. Needs coturn installed; fails (not skips) without it.
/// </summary>
[Collection(CallsGatewayCollection.Name)]
public sealed class TurnServerTests(CallsGatewayFixture fixture)
{
    [Fact]
    public async Task Ice_server_credentials_allocate_a_relay_on_coturn_and_forged_ones_do_not()
    {
        await using var coturn = Coturn.Start(fixture.TurnPort, CallsGatewayFixture.TurnSecret);
        var userId = TestIds.User();
        var turn = (await IceServersAsync(await fixture.Server.DevTokenAsync(userId))).GetProperty("iceServers")[1];
        // The url the client would use: turn:host:port?transport=udp.
        var url = new Uri(turn.GetProperty("urls")[0].GetString()!.Replace("turn:", "turn://", StringComparison.Ordinal));
        var username = turn.GetProperty("username").GetString()!;
        var credential = turn.GetProperty("credential").GetString()!;

        // coturn takes a moment to open its listener: the allocation is retried until then (the refusals come after).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var (exitCode, output) = await coturn.RunClientAsync(url.Host, url.Port, username, credential);
        while (exitCode != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            (exitCode, output) = await coturn.RunClientAsync(url.Host, url.Port, username, credential);
        }

        Assert.True(exitCode == 0, $"allocation with the gateway's credentials failed ({exitCode}):\n{output}\n--- turnserver:\n{coturn.ServerLog}");
        Assert.Matches(@"tot_recv_msgs=[1-9]", output);
        Assert.DoesNotContain("Cannot complete Allocation", output, StringComparison.Ordinal);

        var forged = new (string What, string Username, string Password)[]
        {
            ("a wrong password", username, "AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
            ("another user's name with this credential", username.Replace(":" + userId, ":mallory", StringComparison.Ordinal), credential),
            ("a later expiry with this credential", "9" + username, credential),
            ("a credential made with another secret", username, TurnCredentials.Create("Xw3eR5tY7uI9oP1aS3dF5gH7jK9lZ1xC", userId, DateTimeOffset.UtcNow.AddHours(1)).Credential),
            ("the example's placeholder secret, replaced", username, TurnCredentials.Create(Coturn.PlaceholderSecret, userId, DateTimeOffset.UtcNow.AddHours(1)).Credential),
            ("an expired name and its true credential", Expired(userId).Username, Expired(userId).Credential),
        };
        foreach (var (what, forgedName, password) in forged)
        {
            var (refusedCode, refusedOutput) = await coturn.RunClientAsync(url.Host, url.Port, forgedName, password);
            Assert.True(refusedCode != 0 && refusedOutput.Contains("Cannot complete Allocation", StringComparison.Ordinal),
                $"{what}: allocation was not refused ({refusedCode}):\n{refusedOutput}");
        }
    }

    [Fact]
    public void The_deploy_example_ships_one_placeholder_secret_that_no_production_gateway_accepts()
    {
        var lines = File.ReadAllLines(Coturn.ExampleConfig).Where(line => !line.TrimStart().StartsWith('#')).ToList();

        Assert.Equal([$"static-auth-secret={Coturn.PlaceholderSecret}"], lines.Where(line => line.Contains("auth-secret=", StringComparison.Ordinal)));
        Assert.Contains("use-auth-secret", lines);
        Assert.DoesNotContain(lines, line => line.Contains("allow-loopback-peers", StringComparison.Ordinal));
        Assert.NotNull(Orleans.Chat.Hosting.SecretStrength.Weakness(Coturn.PlaceholderSecret));
    }

    private static (string Username, string Credential) Expired(string userId) =>
        TurnCredentials.Create(CallsGatewayFixture.TurnSecret, userId, DateTimeOffset.UtcNow.AddMinutes(-5));

    private async Task<JsonElement> IceServersAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ice-servers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await fixture.Server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
