using System.Text;
using System.Text.Json;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.Fuzz.Tests;

/// <summary>
/// Inputs the properties found: System.Text.Json parses JSON whose strings hold invalid UTF-8 or an escaped
/// half of a surrogate pair, then throws InvalidOperationException when such a string is read, compared as
/// a property name or echoed in an ack. The decoders now reject that text as malformed JSON.
/// </summary>
public sealed class MalformedJsonTextRegressionTests
{
    [Theory]
    [InlineData("""{"type":"\ud800"}""")]
    [InlineData("""{"ty\ud800pe":"e","id":7}""")]
    [InlineData("""{"id":"\ud800a\n😀\udfff\ud800"}""")]
    [InlineData("""{"type":"message","id":"\udc00"}""")]
    [InlineData("""{"type":"message","data":{"roomId":"\ud83d"}}""")]
    public void A_native_frame_with_a_lone_surrogate_escape_is_malformed(string text)
    {
        var frame = NativeClientFrame.TryParse(Encoding.UTF8.GetBytes(text), out var id);

        Assert.Null(frame);
        AssertUsableOrNoId(id);
    }

    /// <summary>A malformed frame still gives its id when that is a number or valid text, so it can be acked.</summary>
    private static void AssertUsableOrNoId(JsonElement? id)
    {
        if (id is { } value)
        {
            Assert.True(value.ValueKind == JsonValueKind.Number || (value.ValueKind == JsonValueKind.String && JsonText.IsWellFormed(Encoding.UTF8.GetBytes(value.GetRawText()))), value.GetRawText());
        }
    }

    [Theory]
    [InlineData("7B2274797065223A2276EDA080222C226964223A22222C2264617461223A2D3535393830353236363431373239377D")] // {"type":"v<CESU surrogate>","id":"",...}
    [InlineData("7B2264617461223A2D3231342C226964223A393232333337323033363835343737353830372C2274797065223A22AE726F6F6D227D")] // "type":"<0xAE>room"
    [InlineData("7B2274797065223A226D657373616765222C2264617461223A7B22726F6F6D4964223A22C3227D7D")] // data.roomId: a truncated sequence
    public void A_native_frame_with_invalid_utf8_in_a_string_is_malformed(string hex)
    {
        var frame = NativeClientFrame.TryParse(Convert.FromHexString(hex), out var id);

        Assert.Null(frame);
        AssertUsableOrNoId(id);
    }

    [Theory]
    [InlineData("""{"type":"message","data":"\ud83d\ude00"}""")]
    [InlineData("""{"type":"message","data":"\\ud800"}""")]
    [InlineData("""{"type":"message","data":"\u00e9\n\""}""")]
    public void A_native_frame_with_well_formed_escapes_is_accepted(string text)
    {
        using var frame = NativeClientFrame.TryParse(Encoding.UTF8.GetBytes(text), out _);

        Assert.NotNull(frame);
        Assert.Equal("message", frame.Type);
    }

    [Theory]
    [InlineData("""2["\ud800"]""")]
    [InlineData("""2["message",{"\udc00":1}]""")]
    [InlineData("""0{"tok\udfffen":"x"}""")]
    [InlineData("""3/admin,1["\ud800\u0041"]""")]
    [InlineData("""51-["m",{"_placeholder":true,"n\ud800um":0}]""")]
    public void A_socket_io_packet_with_a_lone_surrogate_escape_is_rejected(string text)
    {
        Assert.False(SocketIoPacketParser.TryParse(Encoding.UTF8.GetBytes(text), 10, out var packet));
        Assert.Null(packet);
    }

    [Theory]
    [InlineData("325B22FF225D")] // 2["<0xFF>"]
    [InlineData("325B22EDA080225D")] // 2["<CESU surrogate>"]
    [InlineData("307B22746F6B656E223A22C0AF227D")] // 0{"token":"<overlong />"}
    public void A_socket_io_packet_with_invalid_utf8_in_its_json_is_rejected(string hex)
    {
        Assert.False(SocketIoPacketParser.TryParse(Convert.FromHexString(hex), 10, out var packet));
        Assert.Null(packet);
    }

    [Theory]
    [InlineData("\"\\ud800\"", true)]
    [InlineData("\"\\udc00\\ud800\"", true)]
    [InlineData("\"\\ud800\\n\"", true)]
    [InlineData("\"\\ud800a\"", true)]
    [InlineData("\"\\ud800\\ud800\\udc00\"", true)]
    [InlineData("\"\\ud83d\\ude00\"", false)]
    [InlineData("\"\\\\ud800\"", false)]
    [InlineData("\"\\u00e9\\\"\\\\\"", false)]
    [InlineData("{\"a\":[1,2,\"x\"]}", false)]
    public void Lone_surrogate_escapes_are_found_exactly(string json, bool expected)
    {
        Assert.Equal(expected, JsonText.HasLoneSurrogate(Encoding.UTF8.GetBytes(json)));
    }
}
