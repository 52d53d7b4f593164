using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>
/// A call signal as its client event writes it (<see cref="CallEventJsonConverter"/>): incoming-call
/// {callId, from:{id,name}, media, offer}, call-answered {callId, answer}, ice-candidate {callId, candidate}
/// or call-ended {callId, reason}.
/// </summary>
[JsonConverter(typeof(CallEventJsonConverter))]
public sealed record CallEventPayload(CallSignal Signal);

/// <summary>The call-user ack: {success, callId}.</summary>
public sealed record CallUserAck(string CallId)
{
    public bool Success => true;
}

/// <summary>
/// Writes a call signal with its offer, answer or candidate copied as raw JSON: the sender's gateway took
/// that text from a parsed, size-checked client payload, and the event is encoded once per gateway and
/// protocol, so no receiver pays for parsing it again.
/// </summary>
internal sealed class CallEventJsonConverter : JsonConverter<CallEventPayload>
{
    private static readonly JsonEncodedText CallId = JsonEncodedText.Encode("callId");
    private static readonly JsonEncodedText From = JsonEncodedText.Encode("from");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Media = JsonEncodedText.Encode("media");
    private static readonly JsonEncodedText Offer = JsonEncodedText.Encode("offer");
    private static readonly JsonEncodedText Answer = JsonEncodedText.Encode("answer");
    private static readonly JsonEncodedText Candidate = JsonEncodedText.Encode("candidate");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");

    public override CallEventPayload Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("call events are written to clients only");

    public override void Write(Utf8JsonWriter writer, CallEventPayload value, JsonSerializerOptions options)
    {
        var signal = value.Signal;
        writer.WriteStartObject();
        writer.WriteString(CallId, signal.CallId);
        switch (signal.Kind)
        {
            case CallSignalKind.Incoming:
                writer.WriteStartObject(From);
                writer.WriteString(Id, signal.From!.Id);
                writer.WriteString(Name, signal.From.Name);
                writer.WriteEndObject();
                writer.WriteString(Media, signal.Media);
                WriteRaw(writer, Offer, signal.PayloadJson);
                break;
            case CallSignalKind.Answered:
                WriteRaw(writer, Answer, signal.PayloadJson);
                break;
            case CallSignalKind.Candidate:
                WriteRaw(writer, Candidate, signal.PayloadJson);
                break;
            default:
                writer.WriteString(Reason, signal.Reason);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteRaw(Utf8JsonWriter writer, JsonEncodedText name, string? json)
    {
        writer.WritePropertyName(name);
        // Validated JSON from a gateway: skip the writer's own check, which would parse it once more.
        writer.WriteRawValue(json ?? "null", skipInputValidation: true);
    }
}

/// <summary>Serializers of the call payloads (its own context, beside <see cref="ChatJsonContext"/>, with the same options).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CallEventPayload))]
[JsonSerializable(typeof(CallUserAck))]
[JsonSerializable(typeof(Calls.IceServersResponse))]
public sealed partial class CallJsonContext : JsonSerializerContext;
