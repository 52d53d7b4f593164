using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Orleans.Chat.Bench.KestrelWs;

/// <summary>
/// GET /ws?token=: the native protocol's connected event, join-room and message (with acks, a
/// gap-free seq per room and new-message to every connection in the room), encoded once per room.
/// </summary>
public sealed class WebSocketChatEndpoint(RoomRegistry rooms)
{
    private const int MaxFrameBytes = 65536;
    private const int MaxContentLength = 4000;

    public async Task HandleAsync(HttpContext context)
    {
        var token = context.Request.Query["token"].ToString();
        if (string.IsNullOrEmpty(token) || !context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new ChatConnection(socket, token);
        var writer = connection.RunWriterAsync();
        connection.Enqueue(Frames.Event("connected", w =>
        {
            w.WriteString("sessionId", Guid.NewGuid().ToString("N"));
            w.WriteString("userId", token);
            w.WriteNumber("serverTime", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            w.WriteStartArray("rooms");
            w.WriteEndArray();
        }));

        try
        {
            await ReceiveLoopAsync(socket, connection);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client is gone.
        }
        finally
        {
            foreach (var roomId in connection.Rooms)
            {
                rooms.Find(roomId)?.Remove(connection);
            }

            connection.Complete();
            await writer;
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket, ChatConnection connection)
    {
        while (true)
        {
            // Wait for data with an empty buffer, so an idle connection holds no receive buffer:
            // this is the floor of the stack, and our gateway does the same.
            var probe = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
            if (probe.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                var length = 0;
                var result = probe;
                while (!result.EndOfMessage)
                {
                    if (length == buffer.Length)
                    {
                        if (length >= MaxFrameBytes)
                        {
                            return;
                        }

                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                }

                Handle(connection, buffer.AsMemory(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void Handle(ChatConnection connection, ReadOnlyMemory<byte> frame)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame);
        }
        catch (JsonException)
        {
            connection.Enqueue(Frames.Error("Invalid message format", "invalid_format"));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                connection.Enqueue(Frames.Error("Invalid message format", "invalid_format"));
                return;
            }

            JsonElement? id = root.TryGetProperty("id", out var idElement) ? idElement : null;
            var data = root.TryGetProperty("data", out var payload) ? payload : default;
            if (type.ValueEquals("message"u8))
            {
                SendMessage(connection, id, data);
            }
            else if (type.ValueEquals("join-room"u8))
            {
                Join(connection, id, data);
            }
            else
            {
                Reply(connection, id, w => Frames.WriteError(w, "Unknown event", "unknown_event"));
            }
        }
    }

    private void Join(ChatConnection connection, JsonElement? id, JsonElement data)
    {
        var roomId = data.ValueKind switch
        {
            JsonValueKind.String => data.GetString(),
            JsonValueKind.Object when data.TryGetProperty("roomId", out var r) && r.ValueKind == JsonValueKind.String => r.GetString(),
            _ => null,
        };
        if (string.IsNullOrEmpty(roomId))
        {
            Reply(connection, id, w => Frames.WriteError(w, "Invalid message format", "invalid_format"));
            return;
        }

        var room = rooms.GetOrCreate(roomId);
        room.Add(connection);
        connection.Rooms.Add(roomId);
        Reply(connection, id, w =>
        {
            w.WriteBoolean("success", true);
            w.WriteStartObject("room");
            w.WriteString("id", roomId);
            w.WriteString("name", roomId);
            w.WriteString("visibility", "public");
            w.WriteNull("ownerId");
            w.WriteEndObject();
            w.WriteStartArray("members");
            w.WriteEndArray();
            w.WriteStartArray("recentMessages");
            w.WriteEndArray();
            w.WriteNumber("lastSeq", room.LastSeq);
        });
    }

    private void SendMessage(ChatConnection connection, JsonElement? id, JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("roomId", out var roomElement) || roomElement.ValueKind != JsonValueKind.String
            || !data.TryGetProperty("content", out var contentElement) || contentElement.ValueKind != JsonValueKind.String)
        {
            Reply(connection, id, w => Frames.WriteError(w, "Invalid message format", "invalid_format"));
            return;
        }

        var roomId = roomElement.GetString()!;
        var content = contentElement.GetString()!;
        if (content.Length > MaxContentLength)
        {
            Reply(connection, id, w => Frames.WriteError(w, "Content too long", "content_too_long"));
            return;
        }

        var room = rooms.Find(roomId);
        if (room is null || !room.Contains(connection))
        {
            Reply(connection, id, w => Frames.WriteError(w, "Not in room", "not_in_room"));
            return;
        }

        var messageId = Guid.NewGuid().ToString("N");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var userId = connection.UserId;
        var seq = room.Publish(s => Frames.Event("new-message", w =>
        {
            w.WriteString("id", messageId);
            w.WriteString("roomId", roomId);
            w.WriteNumber("seq", s);
            w.WriteString("userId", userId);
            w.WriteStartObject("user");
            w.WriteString("id", userId);
            w.WriteString("name", userId);
            w.WriteEndObject();
            w.WriteString("content", content);
            w.WriteString("type", "text");
            w.WriteNumber("timestamp", timestamp);
            w.WriteBoolean("edited", false);
            w.WriteBoolean("deleted", false);
        }));

        Reply(connection, id, w =>
        {
            w.WriteBoolean("success", true);
            w.WriteString("messageId", messageId);
            w.WriteNumber("seq", seq);
            w.WriteNumber("timestamp", timestamp);
        });
    }

    private static void Reply(ChatConnection connection, JsonElement? id, Action<Utf8JsonWriter> writeData)
    {
        if (id is { } requestId)
        {
            connection.Enqueue(Frames.Ack(requestId, writeData));
        }
    }
}
