using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Calls as the gateway makes them: a fresh call id per call, an offer, an answer, candidates.</summary>
public static class CallKit
{
    public const string Offer = """{"type":"offer","sdp":"v=0 offer"}""";
    public const string Answer = """{"type":"answer","sdp":"v=0 answer"}""";

    public static (string CallId, ICallGrain Call) New(IClusterClient client)
    {
        var callId = "call-" + Guid.NewGuid().ToString("N");
        return (callId, client.GetGrain<ICallGrain>(callId));
    }

    public static CallStartRequest Request(CallParty caller, string calleeId, string media = "audio", string offer = Offer) =>
        new() { Caller = caller, CalleeId = calleeId, Media = media, OfferJson = offer };

    public static string Candidate(int n) => $$"""{"candidate":"candidate:{{n}} 1 udp 2122260223 10.0.0.{{n}} 5000{{n}} typ host","sdpMid":"0"}""";
}
