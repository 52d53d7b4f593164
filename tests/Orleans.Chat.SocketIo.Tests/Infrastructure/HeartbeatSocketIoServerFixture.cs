using Orleans.Chat.ConformanceHost;

namespace Orleans.Chat.SocketIo.Tests.Infrastructure;

/// <summary>
/// The Socket.IO reference handlers at /socket.io/, pinging every 300 ms as the socket.io-protocol suite's
/// server does, with a 600 ms pong deadline (a loaded machine must not fail the answering tests) and a
/// connect timeout long enough that only the heartbeat closes a session that joined no namespace.
/// </summary>
public sealed class HeartbeatSocketIoServerFixture() : ConformanceServerFixture(ConformanceMode.SocketIo, options =>
{
    options.PingTimeout = TimeSpan.FromMilliseconds(600);
    options.ConnectTimeout = TimeSpan.FromSeconds(10);
});
