using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.Gateway.Tests.Infrastructure;
using Orleans.Chat.SocketIo.Hosting;
using Orleans.Chat.SocketIo.WebSockets;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>The native session writer over Kestrel: queued frames go out batched, each once and in order.</summary>
public sealed class NativeWebSocketConnectionTests : IAsyncLifetime
{
    private const int Capacity = 10_000;

    private readonly TaskCompletionSource<(NativeWebSocketConnection Connection, bool Batching)> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _app = null!;
    private TestChatClient _client = null!;
    private NativeWebSocketConnection _connection = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.UseWebSocketFrameBatching();
        _app.UseWebSockets();
        _app.Map("/ws", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var writer = WebSocketFrameWriter.Create(context, socket);
            _accepted.SetResult((new NativeWebSocketConnection(socket, writer, Capacity), writer.IsBatching));
            // The test drives the writer; the request lasts until the client closes or the test aborts.
            var buffer = new byte[1024];
            try
            {
                while ((await socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType != WebSocketMessageType.Close)
                {
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        });
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _client = await TestChatClient.ConnectAsync(new Uri(address.Replace("http", "ws", StringComparison.Ordinal) + "/ws"), "user");
        (_connection, var batching) = await _accepted.Task.WaitAsync(TestChatClient.DefaultTimeout);
        Assert.True(batching);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Frames_queued_in_a_burst_arrive_each_once_and_in_order()
    {
        const int Count = 5_000;
        var writer = _connection.RunWriterAsync();

        for (var i = 0; i < Count; i++)
        {
            Assert.True(_connection.TrySend(Frame(i), written: null));
        }

        _connection.Complete();
        await writer.WaitAsync(TestChatClient.DefaultTimeout);

        await _client.WaitForEventAsync("n", data => data.GetProperty("i").GetInt32() == Count - 1);
        Assert.Equal(Enumerable.Range(0, Count), _client.Received("n").Select(data => data.GetProperty("i").GetInt32()));
    }

    [Fact]
    public async Task Written_completes_once_the_frame_was_written()
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(_connection.TrySend(Frame(1), written));
        await Task.Delay(100);
        Assert.False(written.Task.IsCompleted);

        var writer = _connection.RunWriterAsync();

        await written.Task.WaitAsync(TestChatClient.DefaultTimeout);
        await _client.WaitForEventAsync("n", data => data.GetProperty("i").GetInt32() == 1);
        _connection.Complete();
        await writer.WaitAsync(TestChatClient.DefaultTimeout);
    }

    [Fact]
    public async Task Frames_never_written_cancel_their_written_notice()
    {
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(_connection.TrySend(Frame(1), queued));

        _connection.Abort("test");
        await _connection.RunWriterAsync().WaitAsync(TestChatClient.DefaultTimeout);
        var late = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.False(_connection.TrySend(Frame(2), late));
        Assert.True(queued.Task.IsCanceled);
        Assert.True(late.Task.IsCanceled);
        await _client.Closed.WaitAsync(TestChatClient.DefaultTimeout);
        Assert.Empty(_client.Received("n"));
    }

    [Fact]
    public void A_full_queue_refuses_the_frame()
    {
        for (var i = 0; i < Capacity; i++)
        {
            Assert.True(_connection.TrySend(Frame(i), written: null));
        }

        Assert.False(_connection.TrySend(Frame(Capacity), written: null));
    }

    /// <summary>{"type":"n","data":{"i":i,"pad":"..."}} with sizes that vary the frame header length.</summary>
    private static byte[] Frame(int i) =>
        Encoding.UTF8.GetBytes($$$"""{"type":"n","data":{"i":{{{i}}},"pad":"{{{new string('p', i % 1000 == 0 ? 70_000 : i % 300)}}}"}}""");
}
