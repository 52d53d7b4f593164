
namespace Orleans.Chat.Client.Tests.Infrastructure;

/// <summary>Creates SDK clients against the shared gateway and disposes them after each test.</summary>
public abstract class ClientTestBase(ClientGatewayFixture fixture) : IAsyncLifetime
{
    /// <summary>Short reconnect delays keep the recovery tests fast.</summary>
    protected static readonly ReconnectOptions FastReconnect = new() { MinDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(250) };

    private readonly List<ChatClient> _clients = [];

    protected GatewayServer Server => fixture.Server;

    /// <summary>A client for the user with a dev token, not connected yet.</summary>
    protected ChatClient NewClient(string userId, Func<ChatClientOptions, ChatClientOptions>? configure = null)
    {
        var options = new ChatClientOptions
        {
            ServerUri = Server.WebSocketUri(null),
            TokenProvider = async _ => await Server.DevTokenAsync(userId),
            Reconnect = FastReconnect,
            AckTimeout = TimeSpan.FromSeconds(10),
        };
        var client = new ChatClient(configure?.Invoke(options) ?? options);
        _clients.Add(client);
        return client;
    }

    /// <summary>A connected client of a fresh user (or the given one).</summary>
    protected async Task<ChatClient> ConnectedAsync(string? userId = null, Func<ChatClientOptions, ChatClientOptions>? configure = null)
    {
        var client = NewClient(userId ?? TestIds.User(), configure);
        await client.ConnectAsync();
        // The gateway reads a connection's requests only once it has registered its presence, so one
        // ack means the user is online (else private messages to them would be queued as pending).
        await client.PingAsync();
        return client;
    }

    protected static string UserIdOf(ChatClient client) => client.Session!.UserId;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }
}
