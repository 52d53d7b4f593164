using System.Diagnostics;
using System.Text.Json;

namespace Orleans.Chat.Cluster.Tests;

/// <summary>
/// A call whose parties sit on different gateways: every signal crosses, and when the callee's gateway
/// is killed mid-call the caller hears disconnected by the call's liveness check (the dead gateway cannot
/// report its closed sockets), and nothing is left hanging.
/// </summary>
public sealed class CallAcrossGatewaysTests(ITestOutputHelper output)
{
    /// <summary>
    /// At the latest: the dead gateway's last lease renewal runs out (one lease TTL), the next liveness
    /// check finds it (one interval), plus slack for a busy machine.
    /// </summary>
    private static readonly TimeSpan DisconnectedBound = ChatCluster.LeaseTtl + ChatCluster.CallLivenessInterval + TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_call_across_gateways_signals_both_ways_and_ends_disconnected_when_the_callee_s_gateway_dies()
    {
        await using var cluster = await ChatCluster.StartAsync("calls", silos: 1, gateways: 2, output);
        await cluster.RunAsync(async () =>
        {
            var (gatewayA, gatewayB) = (cluster.Gateways[0], cluster.Gateways[1]);
            var (callerId, calleeId) = (TestIds.User("caller"), TestIds.User("callee"));
            await using var caller = await gatewayA.ConnectAsync(callerId, "Caller");
            // The callee has a connection on each gateway: the one on B answers, the one on A outlives B.
            var phone = await gatewayB.ConnectAsync(calleeId, "Callee");
            await using var laptop = await gatewayA.ConnectAsync(calleeId, "Callee");

            var callId = (await caller.RequestOkAsync("call-user", new { targetUserId = calleeId, media = "video", offer = Sdp("offer") }, Wait)).GetProperty("callId").GetString()!;
            var incoming = await phone.WaitForEventAsync("incoming-call", Of(callId), Wait);
            Assert.Equal("Caller", incoming.GetProperty("from").GetProperty("name").GetString());
            Assert.Equal("offer", incoming.GetProperty("offer").GetProperty("type").GetString());
            await laptop.WaitForEventAsync("incoming-call", Of(callId), Wait);

            await caller.RequestOkAsync("ice-candidate", new { callId, candidate = Candidate("early") }, Wait);
            await phone.RequestOkAsync("call-answer", new { callId, answer = Sdp("answer") }, Wait);
            Assert.Equal("answer", (await caller.WaitForEventAsync("call-answered", Of(callId), Wait)).GetProperty("answer").GetProperty("type").GetString());
            Assert.Equal("answered-elsewhere", (await laptop.WaitForEventAsync("call-ended", Of(callId), Wait)).GetProperty("reason").GetString());
            await phone.WaitForEventAsync("ice-candidate", data => Of(callId)(data) && Tag(data) == "early", Wait);
            await phone.RequestOkAsync("ice-candidate", new { callId, candidate = Candidate("from-b") }, Wait);
            await caller.WaitForEventAsync("ice-candidate", data => Of(callId)(data) && Tag(data) == "from-b", Wait);
            await caller.RequestOkAsync("ice-candidate", new { callId, candidate = Candidate("from-a") }, Wait);
            await phone.WaitForEventAsync("ice-candidate", data => Of(callId)(data) && Tag(data) == "from-a", Wait);
            Assert.Empty(laptop.Received("ice-candidate"));

            var clock = Stopwatch.StartNew();
            await cluster.KillAsync(gatewayB);
            var ended = await caller.WaitForEventAsync("call-ended", Of(callId), DisconnectedBound + TimeSpan.FromSeconds(10));
            var endedAfter = clock.Elapsed;
            cluster.Log($"call-ended {ended.GetProperty("reason").GetString()} {endedAfter.TotalSeconds:0.00} s after the callee's gateway was killed (lease TTL {ChatCluster.LeaseTtl.TotalSeconds} s, liveness every {ChatCluster.CallLivenessInterval.TotalSeconds} s)");
            Assert.Equal("disconnected", ended.GetProperty("reason").GetString());
            Assert.True(endedAfter <= DisconnectedBound, $"ended only after {endedAfter.TotalSeconds:0.00} s; expected within {DisconnectedBound.TotalSeconds:0.00} s");
            await phone.DisposeAsync();

            // Recorded, and the caller is free again: a new call rings the callee's surviving connection.
            var record = await CallMessageAsync(caller, calleeId, callId);
            Assert.Equal(("completed", "disconnected"), (record.GetProperty("outcome").GetString(), record.GetProperty("reason").GetString()));
            var next = (await caller.RequestOkAsync("call-user", new { targetUserId = calleeId, media = "audio", offer = Sdp("offer") }, Wait)).GetProperty("callId").GetString()!;
            await laptop.WaitForEventAsync("incoming-call", Of(next), Wait);
            Assert.False(caller.Received("call-ended").Any(Of(next)), "the new call ended at once");
            await laptop.RequestOkAsync("call-reject", new { callId = next }, Wait);
            Assert.Equal("rejected", (await caller.WaitForEventAsync("call-ended", Of(next), Wait)).GetProperty("reason").GetString());
        });
    }

    private static object Sdp(string type) => new { type, sdp = $"v=0\r\ns={type}\r\n" };

    private static object Candidate(string tag) => new { candidate = $"candidate:{tag} 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid = "0", sdpMLineIndex = 0 };

    private static string? Tag(JsonElement data) =>
        data.GetProperty("candidate").GetProperty("candidate").GetString()!.Split(' ')[0]["candidate:".Length..];

    private static Func<JsonElement, bool> Of(string callId) => data => data.GetProperty("callId").GetString() == callId;

    /// <summary>The call record of the call in the conversation, once written (when the call ended).</summary>
    private static async Task<JsonElement> CallMessageAsync(TestChatClient client, string withUserId, string callId)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var history = await client.RequestOkAsync("get-private-history", new { withUserId }, Wait);
            var call = history.GetProperty("messages").EnumerateArray()
                .Where(message => message.GetProperty("type").GetString() == "call")
                .Select(message => message.GetProperty("call"))
                .FirstOrDefault(record => record.GetProperty("callId").GetString() == callId);
            if (call.ValueKind == JsonValueKind.Object)
            {
                return call;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no call message for {callId}: {history.GetRawText()}");
            await Task.Delay(100);
        }
    }
}
