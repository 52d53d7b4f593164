using System.Net;
using System.Net.Sockets;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>The key under which per-address caps count a client.</summary>
public static class ClientAddress
{
    /// <summary>
    /// IPv4 as is (also when it arrives IPv4-mapped on a dual-stack socket); IPv6 by its /64 prefix,
    /// since one host commonly holds a whole /64 and could otherwise take a new address per request.
    /// </summary>
    public static IPAddress? KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
