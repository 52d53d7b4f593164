using System.Buffers;
using System.Text;
using System.Text.Json;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.SocketIo.Tests;

public sealed class SocketIoPacketEncoderTests
{
    [Theory]
    [InlineData("/", """42["news",{"title":"x"}]""")]
    [InlineData("", """42["news",{"title":"x"}]""")]
    [InlineData("/admin", """42/admin,["news",{"title":"x"}]""")]
    public void EncodeEvent_gives_the_engine_io_text_packet(string nsp, string expected)
    {
        var packet = SocketIoPacketEncoder.EncodeEvent(nsp, "news", new Headline("x"), TestJsonContext.Default.Headline);

        Assert.Equal(expected, Encoding.UTF8.GetString(packet));
    }

    [Fact]
    public void The_untyped_and_raw_json_overloads_agree()
    {
        var typed = SocketIoPacketEncoder.EncodeEvent("/", "news", (object)new Headline("x"), TestJsonContext.Default.Headline);
        var raw = SocketIoPacketEncoder.EncodeEventFromJson("/", "news", """{"title":"x"}"""u8);
        var buffer = new ArrayBufferWriter<byte>();
        SocketIoPacketEncoder.WriteEvent(buffer, "/", "news", new Headline("x"), TestJsonContext.Default.Headline);

        Assert.Equal(typed, raw);
        Assert.Equal(typed, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Raw_json_is_validated()
    {
        Assert.ThrowsAny<JsonException>(() => SocketIoPacketEncoder.EncodeEventFromJson("/", "news", "{oops"u8));
    }

    [Fact]
    public void Protocol_packets_have_the_reference_encoding()
    {
        Assert.Equal("""40{"sid":"abc"}""", Encoding.UTF8.GetString(SocketIoPacketEncoder.EncodeConnect("/", "abc", null)));
        Assert.Equal("""40/chat,{"sid":"abc","pid":"p"}""", Encoding.UTF8.GetString(SocketIoPacketEncoder.EncodeConnect("/chat", "abc", "p")));
        Assert.Equal("""44{"message":"Not authorized"}""", Encoding.UTF8.GetString(SocketIoPacketEncoder.EncodeConnectError("/", "Not authorized", null)));
        Assert.Equal("41", Encoding.UTF8.GetString(SocketIoPacketEncoder.EncodeDisconnect("/")));
        Assert.Equal("41/admin,", Encoding.UTF8.GetString(SocketIoPacketEncoder.EncodeDisconnect("/admin")));
    }

    [Fact]
    public void Binary_arguments_become_placeholders_and_attachments_even_when_nested()
    {
        var message = SocketIoPacketEncoder.EncodeArguments("/admin", null, 1000, [new { file = new byte[] { 1 }, name = "a" }, new byte[] { 2, 3 }]);

        Assert.Equal("""462-/admin,1000[{"file":{"_placeholder":true,"num":0},"name":"a"},{"_placeholder":true,"num":1}]""", Encoding.UTF8.GetString(message.TextPacket.Span));
        Assert.Equal([[1], [2, 3]], message.BinaryPackets!.Select(b => b.ToArray()));
    }

    [Fact]
    public void Byte_arrays_outside_packet_arguments_stay_base64()
    {
        var json = JsonSerializer.Serialize(new { data = new byte[] { 1, 2 } }, SocketIoJson.SerializerOptions);

        Assert.Equal("""{"data":"AQI="}""", json);
    }
}
