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

    // Written only when non-zero, so a message never edited or deleted keeps the bytes it always had.
    public static readonly JsonEncodedText EditedAt = JsonEncodedText.Encode("editedAt");
    public static readonly JsonEncodedText ChangeSeq = JsonEncodedText.Encode("changeSeq");

    /// <summary>editedAt and changeSeq of a changed message; nothing for one never changed.</summary>
    public static void WriteChange(Utf8JsonWriter writer, long editedAt, long changeSeq)
    {
        if (editedAt != 0)
        {
            writer.WriteNumber(EditedAt, editedAt);
        }

        if (changeSeq != 0)
        {
            writer.WriteNumber(ChangeSeq, changeSeq);
        }
    }
}
