using System.Text.Json;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>call: {callId, media, outcome, reason, durationMs} of a private message of type "call".</summary>
internal static class CallRecordJson
{
    private static readonly JsonEncodedText Call = JsonEncodedText.Encode("call");
    private static readonly JsonEncodedText CallId = JsonEncodedText.Encode("callId");
    private static readonly JsonEncodedText Media = JsonEncodedText.Encode("media");
    private static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText DurationMs = JsonEncodedText.Encode("durationMs");

    public static void Write(Utf8JsonWriter writer, CallRecord? call)
    {
        if (call is null)
        {
            return;
        }

        writer.WriteStartObject(Call);
        writer.WriteString(CallId, call.CallId);
        writer.WriteString(Media, call.Media);
        writer.WriteString(Outcome, call.Outcome);
        writer.WriteString(Reason, call.Reason);
        writer.WriteNumber(DurationMs, call.DurationMs);
        writer.WriteEndObject();
    }
}
