using System.Text;
using Orleans.Chat.Grains.Files;

namespace Orleans.Chat.Grains.Tests.Unit;

public sealed class FileTypeSnifferTests
{
    public static TheoryData<byte[], string> Signatures => new()
    {
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "image/png" },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F'], "image/jpeg" },
        { Encoding.ASCII.GetBytes("GIF89a\x01\x00"), "image/gif" },
        { Encoding.ASCII.GetBytes("GIF87a\x01\x00"), "image/gif" },
        { [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8], "image/webp" },
        { Encoding.ASCII.GetBytes("%PDF-1.7\n"), "application/pdf" },
        { [.. "PK"u8, 3, 4, 20, 0], "application/zip" },
        { [.. "PK"u8, 5, 6, 0, 0], "application/zip" },
        { [.. "ID3"u8, 4, 0, 0], "audio/mpeg" },
        { [0xFF, 0xFB, 0x90, 0x64], "audio/mpeg" },
        { [.. "OggS"u8, 0, 2], "audio/ogg" },
        { [0, 0, 0, 0x20, .. "ftypisom"u8], "video/mp4" },
        { [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42], "video/webm" },
        { Encoding.UTF8.GetBytes("plain words, ünïcödé and emoji 🎉\n"), "text/plain" },
        { [.. "text with a"u8, 0, .. "NUL"u8], "application/octet-stream" },
        { [0xC3, 0x28, 0x41], "application/octet-stream" },
        { [0xFF, 0xFF, 0xFF, 0xFF], "application/octet-stream" },
        { [0xFF, 0xE0, 0xF0, 0x00], "application/octet-stream" },
        { Encoding.ASCII.GetBytes("<html><script>alert(1)</script>"), "text/plain" },
        { [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WAVEfmt "u8], "application/octet-stream" },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Types_come_from_the_first_bytes(byte[] head, string expected) =>
        Assert.Equal(expected, FileTypeSniffer.Sniff(head, isWholeFile: true));

    [Fact]
    public void A_utf8_character_cut_by_the_chunk_end_is_still_text_but_not_at_the_end_of_the_file()
    {
        var text = Encoding.UTF8.GetBytes("abc🎉");
        var cut = text[..^2];

        Assert.Equal("text/plain", FileTypeSniffer.Sniff(cut, isWholeFile: false));
        Assert.Equal("application/octet-stream", FileTypeSniffer.Sniff(cut, isWholeFile: true));
        Assert.Equal("text/plain", FileTypeSniffer.Sniff(Encoding.UTF8.GetBytes("abcé")[..^1], isWholeFile: false));
    }
}
