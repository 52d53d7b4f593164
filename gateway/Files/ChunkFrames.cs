using System.Text.Json;
using Orleans.Chat.Files;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Files;

/// <summary>
/// The one frame allowed over Limits:MaxFrameBytes: an upload-chunk, whose base64 data alone is
/// Files:ChunkBytes * 4/3. Both transports read such a frame only up to <see cref="MaxBytes"/>.
/// </summary>
public static class ChunkFrames
{
    /// <summary>Room for the rest of the frame: the event name, the upload id, the index, an ack id.</summary>
    private const int Envelope = 4096;

    private static ReadOnlySpan<byte> TypeProperty => "type"u8;

    /// <summary>The largest upload-chunk frame: a full chunk in base64 plus <see cref="Envelope"/>; 0 with files off.</summary>
    public static int MaxBytes(FilesOptions files) => files.Enabled ? ((files.ChunkBytes + 2) / 3 * 4) + Envelope : 0;

    /// <summary>Whether a native frame is {"type":"upload-chunk", ...}; false for anything else, malformed included.</summary>
    public static bool IsUploadChunk(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame, new JsonReaderOptions { MaxDepth = 32 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals(TypeProperty);
                if (!reader.Read())
                {
                    return false;
                }

                if (isType)
                {
                    return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(ClientEventNames.UploadChunk);
                }

                reader.Skip();
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
