using System.Text.Json;

namespace Orleans.Chat.Gateway.Tests.Infrastructure;

/// <summary>Payloads and checks the call tests share.</summary>
public static class CallChecks
{
    /// <summary>The window in which an event that must not come would have come (it is relayed in milliseconds).</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    public static object Offer(string tag = "caller") => new { type = "offer", sdp = $"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns={tag}\r\n" };

    public static object Answer(string tag = "callee") => new { type = "answer", sdp = $"v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns={tag}\r\n" };

    public static object Candidate(string tag) => new { candidate = $"candidate:{tag} 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid = "0", sdpMLineIndex = 0 };

    /// <summary>call-user from <paramref name="caller"/> to <paramref name="callee"/>: the call id of the success ack.</summary>
    public static async Task<string> CallAsync(ProtocolClient caller, string callee, string media = "video")
    {
        var ack = await caller.RequestOkAsync("call-user", new { targetUserId = callee, media, offer = Offer() });
        Assert.Equal(["callId", "success"], ack.EnumerateObject().Select(p => p.Name));
        return ack.GetProperty("callId").GetString()!;
    }

    public static Func<JsonElement, bool> Of(string callId) => data => data.GetProperty("callId").GetString() == callId;

    /// <summary>Waits for call-ended of the call and checks its reason.</summary>
    public static async Task AssertEndedAsync(ProtocolClient client, string callId, string reason)
    {
        var ended = await client.WaitForEventAsync("call-ended", Of(callId));
        Assert.Equal(reason, ended.GetProperty("reason").GetString());
        Assert.Equal(["callId", "reason"], ended.EnumerateObject().Select(p => p.Name));
    }

    /// <summary>Over the quiet window, nothing of the call arrives as <paramref name="eventName"/> (beyond <paramref name="already"/>).</summary>
    public static async Task AssertNoMoreAsync(ProtocolClient client, string eventName, string callId, int already = 0)
    {
        await Task.Delay(Quiet);
        Assert.Equal(already, client.Received(eventName).Count(Of(callId)));
    }

    /// <summary>The private messages of type call between the two users (get-private-history).</summary>
    public static async Task<JsonElement> CallRecordAsync(ProtocolClient client, string withUserId, string callId)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (true)
        {
            var history = await client.RequestOkAsync("get-private-history", new { withUserId });
            foreach (var message in history.GetProperty("messages").EnumerateArray())
            {
                if (message.GetProperty("type").GetString() == "call" && message.TryGetProperty("call", out var call) && call.GetProperty("callId").GetString() == callId)
                {
                    return message;
                }
            }

            // The record is written when the call ends, after the call-ended signals went out.
            Assert.True(DateTime.UtcNow < deadline, $"no call message for {callId} in {history.GetRawText()}");
            await Task.Delay(50);
        }
    }
}
