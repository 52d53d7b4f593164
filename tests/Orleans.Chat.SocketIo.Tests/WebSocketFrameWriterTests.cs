using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Chat.ConformanceHost;
using Orleans.Chat.SocketIo.Hosting;
using Orleans.Chat.SocketIo.Tests.Infrastructure;
using Orleans.Chat.SocketIo.WebSockets;

namespace Orleans.Chat.SocketIo.Tests;

/// <summary>Server frames built by hand, read by .NET's own client WebSocket, alone and batched in one socket write.</summary>
public sealed class WebSocketFrameWriterTests
{
    private static readonly int[] Sizes = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];

    [Theory]
    [InlineData(0, 2)]
    [InlineData(125, 2)]
    [InlineData(126, 4)]
    [InlineData(65_535, 4)]
    [InlineData(65_536, 10)]
    [InlineData(200_000, 10)]
    public async Task A_frame_reads_back_as_one_whole_message_with_the_shortest_length_encoding(int size, int headerLength)
    {
        var payload = Payload(size, seed: size);
        var frame = new byte[WebSocketFrame.HeaderLength(size) + size];

        var written = WebSocketFrame.WriteHeader(frame, WebSocketMessageType.Binary, size);
        payload.CopyTo(frame.AsSpan(written));

        Assert.Equal(headerLength, written);
        using var client = WebSocket.CreateFromStream(new MemoryStream(frame), new WebSocketCreationOptions { IsServer = false });
        var (type, data) = await ReceiveAsync(client);
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(payload, data);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task One_flush_delivers_every_added_message_whole_and_in_order(bool batching)
    {
        var messages = Sizes.Select((size, i) => (Type: i % 2 == 0 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, Data: Payload(size, seed: i))).ToArray();
        var isBatching = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FrameServer.StartAsync(batching, async (writer, socket) =>
        {
            isBatching.SetResult(writer.IsBatching);
            foreach (var (type, data) in messages)
            {
                writer.Add(type, data);
            }

            await writer.FlushAsync(CancellationToken.None);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        });
        await using var client = await WebSocketTestClient.ConnectAsync(server.Uri);

        foreach (var (type, data) in messages)
        {
            var received = await client.ReceiveAsync();
            Assert.NotNull(received);
            Assert.Equal(type, received.Type);
            Assert.Equal(data, received.Data);
        }

        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(batching, await isBatching.Task);
    }

    [Fact]
    public async Task Batches_and_the_WebSockets_own_frames_never_interleave()
    {
        const int Batches = 300;
        const int PerBatch = 20;
        await using var server = await FrameServer.StartAsync(batching: true, async (writer, _) =>
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                for (var i = 0; i < PerBatch; i++)
                {
                    writer.Add(WebSocketMessageType.Text, Payload(500 + i, seed: batch * PerBatch + i));
                }

                await writer.FlushAsync(CancellationToken.None);
            }
        }, keepAlive: TimeSpan.FromMilliseconds(1));
        await using var client = await WebSocketTestClient.ConnectAsync(server.Uri);

        for (var n = 0; n < Batches * PerBatch; n++)
        {
            var received = await client.ReceiveAsync();
            Assert.NotNull(received);
            Assert.Equal(Payload(500 + n % PerBatch, seed: n), received.Data);
        }
    }

    [Fact]
    public async Task No_data_frame_follows_the_close_frame()
    {
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FrameServer.StartAsync(batching: true, async (writer, socket) =>
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            writer.Add(WebSocketMessageType.Text, "late"u8);
            outcome.SetResult(await Record.ExceptionAsync(() => writer.FlushAsync(CancellationToken.None).AsTask()));
        });
        await using var client = await WebSocketTestClient.ConnectAsync(server.Uri);

        Assert.Null(await client.ReceiveAsync());
        Assert.IsType<WebSocketException>(await outcome.Task);
    }

    [Fact]
    public async Task The_shared_stream_refuses_data_frames_once_the_WebSocket_wrote_its_close_frame()
    {
        var written = new MemoryStream();
        var shared = new SharedWebSocketStream(written);
        using var socket = WebSocket.CreateFromStream(shared, new WebSocketCreationOptions { IsServer = true });
        byte[] frame = [0x81, 0x01, (byte)'a'];

        await shared.WriteFramesAsync(frame, CancellationToken.None);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        var length = written.Length;

        await Assert.ThrowsAsync<WebSocketException>(() => shared.WriteFramesAsync(frame, CancellationToken.None).AsTask());
        Assert.Equal(length, written.Length);
    }

    private static byte[] Payload(int size, int seed)
    {
        // Printable ASCII, so that text frames hold valid UTF-8.
        var data = new byte[size];
        for (var i = 0; i < size; i++)
        {
            data[i] = (byte)('!' + (i + seed) % 90);
        }

        return data;
    }

    private static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[256 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return (result.MessageType, buffer[..length]);
    }

    /// <summary>Kestrel with one WebSocket endpoint, with or without frame batching, running <c>serve</c> per connection.</summary>
    private sealed class FrameServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FrameServer(WebApplication app) => _app = app;

        public Uri Uri => new(ConformanceServer.GetBaseAddress(_app).ToString().Replace("http", "ws", StringComparison.Ordinal) + "ws");

        public static async Task<FrameServer> StartAsync(bool batching, Func<WebSocketFrameWriter, WebSocket, Task> serve, TimeSpan? keepAlive = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var app = builder.Build();
            if (batching)
            {
                app.UseWebSocketFrameBatching();
            }

            app.UseWebSockets();
            app.Map("/ws", async (HttpContext context) =>
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = keepAlive ?? TimeSpan.Zero });
                using var writer = WebSocketFrameWriter.Create(context, socket);
                await serve(writer, socket);
                await DrainAsync(socket);
            });
            await app.StartAsync();
            return new FrameServer(app);
        }

        /// <summary>Reads until the client closes or goes away.</summary>
        private static async Task DrainAsync(WebSocket socket)
        {
            var buffer = new byte[1024];
            try
            {
                while ((await socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType != WebSocketMessageType.Close)
                {
                }
            }
            catch (WebSocketException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
