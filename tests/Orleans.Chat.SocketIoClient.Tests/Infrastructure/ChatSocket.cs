using System.Text.Json;
using SocketIOClient;
using SocketIOClient.Transport;

namespace Orleans.Chat.SocketIoClient.Tests.Infrastructure;

/// <summary>
/// A SocketIOClient (the .NET Socket.IO client package) connection to the gateway's /socket.io/
/// endpoint. Every event received is recorded with all its arguments; tests wait for events and acks.
/// </summary>
public sealed class ChatSocket : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<ReceivedEvent> _received = [];
    private readonly List<Waiter> _waiters = [];
    private readonly TaskCompletionSource<string> _error = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChatSocket(SocketIOClient.SocketIO client)
    {
        Client = client;
        client.OnAny(OnEvent);
        client.OnError += (_, error) => _error.TrySetResult(error);
    }

    public SocketIOClient.SocketIO Client { get; }

    /// <summary>The first error the client reported (a CONNECT_ERROR's message, for one).</summary>
    public Task<string> Error => _error.Task;

    /// <summary>A client for the gateway at <paramref name="baseUri"/>, not connected yet; auth is the CONNECT payload.</summary>
    public static ChatSocket Create(Uri baseUri, object? auth, TransportProtocol transport = TransportProtocol.WebSocket) =>
        new(new SocketIOClient.SocketIO(baseUri, new SocketIOOptions
        {
            Path = "/socket.io",
            EIO = 4,
            Transport = transport,
            AutoUpgrade = false,
            Auth = auth,
            Reconnection = false,
            ConnectionTimeout = DefaultTimeout,
        }));

    /// <summary>Connects with a token and waits for the chat's connected event.</summary>
    public static async Task<ChatSocket> ConnectAsync(Uri baseUri, string token, TransportProtocol transport = TransportProtocol.WebSocket)
    {
        var socket = Create(baseUri, new { token }, transport);
        try
        {
            await socket.Client.ConnectAsync().WaitAsync(DefaultTimeout);
            await socket.WaitForEventAsync("connected");
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Emits <paramref name="eventName"/> with <paramref name="payload"/> and an ack callback; returns the ack's first argument.</summary>
    public async Task<JsonElement> RequestAsync(string eventName, object payload)
    {
        var ack = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Client.EmitAsync(eventName, response => ack.TrySetResult(response.GetValue(0).Clone()), payload);
        return await ack.Task.WaitAsync(DefaultTimeout);
    }

    /// <summary>The arguments of the first <paramref name="eventName"/> (received already or still to come) whose first argument matches.</summary>
    public Task<JsonElement[]> WaitForEventAsync(string eventName, Func<JsonElement, bool>? predicate = null)
    {
        predicate ??= _ => true;
        lock (_gate)
        {
            foreach (var received in _received)
            {
                if (received.Name == eventName && predicate(received.Arguments[0]))
                {
                    return Task.FromResult(received.Arguments);
                }
            }

            var waiter = new Waiter(eventName, predicate, new TaskCompletionSource<JsonElement[]>(TaskCreationOptions.RunContinuationsAsynchronously));
            _waiters.Add(waiter);
            return waiter.Completion.Task.WaitAsync(DefaultTimeout);
        }
    }

    /// <summary>The first arguments of every <paramref name="eventName"/> received so far.</summary>
    public IReadOnlyList<JsonElement> Received(string eventName)
    {
        lock (_gate)
        {
            return [.. _received.Where(e => e.Name == eventName).Select(e => e.Arguments[0])];
        }
    }

    public void Dispose() => Client.Dispose();

    private void OnEvent(string eventName, SocketIOResponse response)
    {
        var arguments = new JsonElement[response.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = response.GetValue(i).Clone();
        }

        lock (_gate)
        {
            _received.Add(new ReceivedEvent(eventName, arguments));
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (waiter.EventName == eventName && arguments.Length > 0 && waiter.Predicate(arguments[0]))
                {
                    _waiters.RemoveAt(i);
                    waiter.Completion.TrySetResult(arguments);
                }
            }
        }
    }

    private sealed record ReceivedEvent(string Name, JsonElement[] Arguments);

    private sealed record Waiter(string EventName, Func<JsonElement, bool> Predicate, TaskCompletionSource<JsonElement[]> Completion);
}
