using System.Text.Json;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>Property names room and private messages share on the wire, encoded once for their converters.</summary>
internal static class MessageJsonNames
{
    public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    public static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
    public static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    public static readonly JsonEncodedText Edited = JsonEncodedText.Encode("edited");
    public static readonly JsonEncodedText Deleted = JsonEncodedText.Encode("deleted");
}
