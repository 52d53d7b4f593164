using System.Net;
using System.Net.Sockets;

namespace Orleans.Chat.Bench.SignalR;

/// <summary>
/// A user's connections, held by a grain as an Orleans-backed SignalR app would hold per-user state
/// (presence, the user's rooms): the least such an app pays per new user (one activation) and per
/// connect and disconnect (one grain call each).
/// </summary>
[Alias("bench.IUserConnectionsGrain")]
public interface IUserConnectionsGrain : IGrainWithStringKey
{
    /// <summary>Counts the connection in; the user's connections here now.</summary>
    [Alias("Connect")] Task<int> Connect(string connectionId);

    [Alias("Disconnect")] Task Disconnect(string connectionId);
}

public sealed class UserConnectionsGrain : Grain, IUserConnectionsGrain
{
    private readonly HashSet<string> _connections = new(StringComparer.Ordinal);

    public Task<int> Connect(string connectionId)
    {
        _connections.Add(connectionId);
        return Task.FromResult(_connections.Count);
    }

    public Task Disconnect(string connectionId)
    {
        _connections.Remove(connectionId);
        if (_connections.Count == 0)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The <c>signalr-grains</c> target (BENCH_SIGNALR_GRAINS=1): the hub co-hosts an Orleans silo and tells
/// each user's <see cref="IUserConnectionsGrain"/> about their connections. Off, it holds nothing.
/// </summary>
public sealed class UserGrains(IServiceProvider services)
{
    public const string Variable = "BENCH_SIGNALR_GRAINS";

    public static bool Enabled { get; } = Environment.GetEnvironmentVariable(Variable) == "1";

    private readonly IGrainFactory? _grains = Enabled ? services.GetRequiredService<IGrainFactory>() : null;

    public static void AddSilo(WebApplicationBuilder builder) =>
        builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePort(), FreePort()));

    public Task ConnectAsync(string userId, string connectionId) =>
        _grains is null ? Task.CompletedTask : _grains.GetGrain<IUserConnectionsGrain>(userId).Connect(connectionId);

    public Task DisconnectAsync(string userId, string connectionId) =>
        _grains is null ? Task.CompletedTask : _grains.GetGrain<IUserConnectionsGrain>(userId).Disconnect(connectionId);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
