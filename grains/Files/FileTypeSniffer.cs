using System.Text;

namespace Orleans.Chat.Grains.Files;

/// <summary>
/// The type of a file from its first bytes (magic numbers), never from what the client said. Text is
/// valid UTF-8 without NUL in the first chunk; anything unrecognised is application/octet-stream.
/// </summary>
public static class FileTypeSniffer
{
    public const string OctetStream = "application/octet-stream";
    public const string TextPlain = "text/plain";

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    /// <summary>The EBML header WebM (and Matroska) files start with.</summary>
    private static ReadOnlySpan<byte> Ebml => [0x1A, 0x45, 0xDF, 0xA3];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="head">The file's first chunk (or all of it when shorter).</param>
    /// <param name="isWholeFile">True when <paramref name="head"/> is the whole file: a UTF-8 sequence cut at its end is then invalid, not just cut by the chunk.</param>
    public static string Sniff(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        if (head.StartsWith(Png))
        {
            return "image/png";
        }

        if (head.StartsWith(Jpeg))
        {
            return "image/jpeg";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        // Local file header, empty archive, spanned archive.
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8) || head.StartsWith("PK\x07\x08"u8))
        {
            return "application/zip";
        }

        if (head.StartsWith("ID3"u8) || IsMpegAudioFrame(head))
        {
            return "audio/mpeg";
        }

        if (head.StartsWith("OggS"u8))
        {
            return "audio/ogg";
        }

        if (head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return "video/mp4";
        }

        if (head.StartsWith(Ebml))
        {
            return "video/webm";
        }

        return IsText(head, isWholeFile) ? TextPlain : OctetStream;
    }

    /// <summary>An MPEG audio frame header: 11 sync bits, a version and layer that exist, a bitrate and sample rate that are not reserved.</summary>
    private static bool IsMpegAudioFrame(ReadOnlySpan<byte> head) =>
        head.Length >= 4
        && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0
        && (head[1] & 0x18) != 0x08 // version: 01 is reserved
        && (head[1] & 0x06) != 0x00 // layer: 00 is reserved
        && (head[2] & 0xF0) != 0xF0 // bitrate index 1111 is invalid
        && (head[2] & 0x0C) != 0x0C; // sample rate index 11 is reserved

    private static bool IsText(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        if (head.IndexOf((byte)0) >= 0)
        {
            return false;
        }

        // A chunk boundary may cut the last character (at most 3 bytes of a 4-byte sequence): check up to it.
        var checkedLength = isWholeFile ? head.Length : head.Length - IncompleteTail(head);
        try
        {
            StrictUtf8.GetCharCount(head[..checkedLength]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>How many bytes at the end start a UTF-8 sequence the span does not finish (0 when it ends on a boundary).</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> span)
    {
        for (var back = 1; back <= Math.Min(3, span.Length); back++)
        {
            var b = span[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // continuation byte: look further back for the lead byte
            }

            var needed = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return needed > back ? back : 0;
        }

        return 0;
    }
}
