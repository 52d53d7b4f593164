using System.Text;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.SocketIo.Tests;

public sealed class SocketIoPacketParserTests
{
    [Theory]
    [InlineData("0", 0, "/", null, 0)]
    [InlineData("0/admin,", 0, "/admin", null, 0)]
    [InlineData("0/admin", 0, "/admin", null, 0)]
    [InlineData("""0/admin,{"token":"123"}""", 0, "/admin", null, 0)]
    [InlineData("1/admin,", 1, "/admin", null, 0)]
    [InlineData("""212["foo"]""", 2, "/", 12L, 0)]
    [InlineData("""3/admin,13["bar"]""", 3, "/admin", 13L, 0)]
    [InlineData("""52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""", 5, "/admin", null, 2)]
    [InlineData("""61-15["bar",{"_placeholder":true,"num":0}]""", 6, "/", 15L, 1)]
    public void Valid_packets_are_decoded(string text, int type, string nsp, long? ackId, int attachments)
    {
        Assert.True(SocketIoPacketParser.TryParse(Encoding.UTF8.GetBytes(text), 10, out var packet));
        using (packet)
        {
            Assert.Equal((SocketIoPacketType)type, packet!.Type);
            Assert.Equal(nsp, packet.Namespace);
            Assert.Equal(ackId, packet.AckId);
            Assert.Equal(attachments, packet.AttachmentCount);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("abc")]
    [InlineData("2{}")]
    [InlineData("2")]
    [InlineData("2[]")]
    [InlineData("""2["connect"]""")]
    [InlineData("""2abc["x"]""")]
    [InlineData("""2["x"] trailing""")]
    [InlineData("0[]")]
    [InlineData("3{}")]
    [InlineData("""1{"a":1}""")]
    [InlineData("""511-["x"]""")]
    [InlineData("""5x-["x"]""")]
    [InlineData("""21234567890123456["x"]""")]
    public void Invalid_packets_are_refused(string text)
    {
        Assert.False(SocketIoPacketParser.TryParse(Encoding.UTF8.GetBytes(text), 10, out _));
    }
}
