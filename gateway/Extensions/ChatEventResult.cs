using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Chat.Gateway.Extensions;

/// <summary>
/// What an <see cref="IChatEventHandler"/> answers: a success, whose payload's properties the ack carries
/// beside <c>success: true</c>, or an error, which the ack carries as <c>{ error, code }</c>.
/// </summary>
public sealed class ChatEventResult
{
    private static readonly JsonSerializerOptions WebOptions = new(JsonSerializerDefaults.Web);

    private ChatEventResult(JsonElement? payload, string? code, string? message)
    {
        Payload = payload;
        Code = code;
        Message = message;
    }

    public bool IsSuccess => Code is null;

    /// <summary>The success payload as a JSON object; null for a bare success.</summary>
    public JsonElement? Payload { get; }

    /// <summary>The error code of a failure (e.g. "not_allowed"); null for a success.</summary>
    public string? Code { get; }

    /// <summary>The error message of a failure; null for a success.</summary>
    public string? Message { get; }

    /// <summary>
    /// A success. <paramref name="payload"/> (an anonymous object, a record, a dictionary...) is
    /// serialized now with the web defaults (camelCase) and must make a JSON object; null acks just
    /// <c>{ success: true }</c>.
    /// </summary>
    public static ChatEventResult Ok(object? payload = null) =>
        payload is null ? new ChatEventResult(null, null, null) : FromElement(JsonSerializer.SerializeToElement(payload, payload.GetType(), WebOptions));

    /// <summary>A success with a payload serialized by source-generated metadata (trimming-friendly).</summary>
    public static ChatEventResult Ok<T>(T payload, JsonTypeInfo<T> typeInfo) => FromElement(JsonSerializer.SerializeToElement(payload, typeInfo));

    /// <summary>A failure: the ack is <c>{ "error": message, "code": code }</c>.</summary>
    public static ChatEventResult Fail(string code, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new ChatEventResult(null, code, message);
    }

    private static ChatEventResult FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new ChatEventResult(element, null, null),
        JsonValueKind.Null => new ChatEventResult(null, null, null),
        _ => throw new ArgumentException($"A chat event result's payload must serialize to a JSON object, not {element.ValueKind}.", "payload"),
    };
}
