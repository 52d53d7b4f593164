using System.Text.Json;
using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>Socket.IO connects claiming recovery ids the server never issued, as grain keys would take them.</summary>
[Collection(HostileCollection.Name)]
public sealed class BogusRecoveryPidTests(HostileGatewayFixture gateway)
{
    [Fact]
    public async Task Bogus_recovery_pids_connect_without_recovery()
    {
        var errors = ErrorLogCapture.AttachTo(gateway.Server);
        await using var probe = await ServiceProbe.StartAsync(gateway);
        foreach (var pid in new[] { new string('p', 50_000), "../../admin", "\u0000\u0001", "AAAAAAAAAAAAAAAAAAA=", "" })
        {
            var session = await EngineIoPollingClient.OpenAsync(gateway.Server.Http);
            var answer = await session.ConnectAsync(HostileGatewayFixture.Token(TestIds.User()), new Dictionary<string, object?> { ["pid"] = pid, ["offset"] = "9:room" });
            Assert.StartsWith("40", answer, StringComparison.Ordinal);
            Assert.NotEqual(pid, JsonDocument.Parse(answer[2..]).RootElement.GetProperty("pid").GetString());
            await session.CloseAsync();
        }

        await probe.AssertServedAsync();
        Assert.Empty(errors.Errors);
    }
}
