using System.Text.Json;
using Orleans.Chat.Model;

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

    private static readonly JsonEncodedText File = JsonEncodedText.Encode("file");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Size = JsonEncodedText.Encode("size");
    private static readonly JsonEncodedText MimeType = JsonEncodedText.Encode("mimeType");
    private static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");

    /// <summary>Where clients download a file: relative to the gateway they are connected to (any gateway serves any file).</summary>
    public static string FileUrl(string fileId) => "/files/" + fileId;

    /// <summary>file: {id, name, size, mimeType, url} of a file message; nothing otherwise (nor on a deleted one, whose content is gone).</summary>
    public static void WriteFile(Utf8JsonWriter writer, FileRef? file, bool deleted)
    {
        if (file is null || deleted)
        {
            return;
        }

        writer.WriteStartObject(File);
        WriteFileFields(writer, file);
        writer.WriteEndObject();
    }

    /// <summary>The fields of a file object (in messages, and in the upload-complete ack).</summary>
    public static void WriteFileFields(Utf8JsonWriter writer, FileRef file)
    {
        writer.WriteString(Id, file.Id);
        writer.WriteString(Name, file.Name);
        writer.WriteNumber(Size, file.Size);
        writer.WriteString(MimeType, file.MimeType);
        writer.WriteString(Url, FileUrl(file.Id));
    }

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
