using System.Net;
using Orleans.Chat.SocketIo.EngineIo;

namespace Orleans.Chat.SocketIo.Tests;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::")]
    [InlineData("::1", "::1")]
    public void Per_address_caps_count_ipv4_as_is_and_ipv6_by_its_64_prefix(string address, string key) =>
        Assert.Equal(IPAddress.Parse(key), ClientAddress.KeyOf(IPAddress.Parse(address)));
}
