using Microsoft.AspNetCore.Builder;
using Orleans.Chat.ConformanceHost;
using Orleans.Chat.SocketIo.Hosting;

namespace Orleans.Chat.SocketIo.Tests.Infrastructure;

/// <summary>Runs the conformance host in-process on a free loopback port for one test class.</summary>
public abstract class ConformanceServerFixture(ConformanceMode mode, Action<SocketIoOptions>? configure = null) : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public WebApplication App => _app ?? throw new InvalidOperationException("The server is not started.");

    public string Path => mode == ConformanceMode.EngineIo ? ConformanceServer.EngineIoPath : ConformanceServer.SocketIoPath;

    public async Task InitializeAsync()
    {
        _app = ConformanceServer.Build(mode, port: 0, configure);
        await _app.StartAsync();
        BaseAddress = ConformanceServer.GetBaseAddress(_app);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A new client speaking to this server.</summary>
    public EngineIoTestClient CreateClient() => new(BaseAddress, Path);
}

public sealed class EngineIoServerFixture() : ConformanceServerFixture(ConformanceMode.EngineIo);

/// <summary>The Socket.IO reference handlers with the reference 1 s connect timeout; slow pings so only that timeout closes connections.</summary>
public sealed class SocketIoServerFixture() : ConformanceServerFixture(ConformanceMode.SocketIo, options =>
{
    options.PingInterval = TimeSpan.FromSeconds(10);
    options.PingTimeout = TimeSpan.FromSeconds(10);
});

/// <summary>
/// The echo server with heartbeats slow enough that only tests about something else run here: a
/// loaded machine cannot turn a 500 ms pong deadline into a failure of, say, an upgrade test.
/// </summary>
public sealed class RelaxedEngineIoServerFixture() : ConformanceServerFixture(ConformanceMode.EngineIo, options =>
{
    options.PingInterval = TimeSpan.FromSeconds(10);
    options.PingTimeout = TimeSpan.FromSeconds(10);
});

/// <summary>The Socket.IO reference handlers with slow heartbeats and connect timeout, for tests about something else.</summary>
public sealed class RelaxedSocketIoServerFixture() : ConformanceServerFixture(ConformanceMode.SocketIo, options =>
{
    options.PingInterval = TimeSpan.FromSeconds(10);
    options.PingTimeout = TimeSpan.FromSeconds(10);
    options.ConnectTimeout = TimeSpan.FromSeconds(10);
});

/// <summary>
/// The echo server pinging every 300 ms as the reference does, with a 600 ms pong deadline so answering
/// tests survive a loaded machine while the timeout test stays short.
/// </summary>
public sealed class HeartbeatEngineIoServerFixture() : ConformanceServerFixture(ConformanceMode.EngineIo, options =>
{
    options.PingTimeout = TimeSpan.FromMilliseconds(600);
});
