using System.Buffers;
using System.Text.Json;
using Orleans.Chat.Fuzz.Tests.Infrastructure;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Commands.Requests;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Fuzz.Tests;

/// <summary>
/// PayloadReader, MessageContent and the typed RequestReader, the payload readers of every command: on any data a frame can carry
/// they answer true with a value inside the documented limits, or false (content_too_long being the only
/// error they name), and never throw; well-formed payloads read back to what was sent.
/// </summary>
public sealed class PayloadReaderProperties
{
    private const long Iterations = 5_000;
    private const int MaxContentLength = 100;

    private static readonly string[] Properties = ["roomId", "userId", "targetUserId", "content", "type", "clientMsgId", "name", "visibility", "members", "sinceSeq", "beforeSeq", "limit", "status"];

    private static readonly Gen<string> DataFrames = Gen.Frequency(
        (3, Gens.JsonText.Select(data => "{\"type\":\"message\",\"data\":" + data + "}")),
        (1, Gens.NativeFrameText));

    private static readonly Gen<string> ValidIds = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_:.@\u00e9"], 1, PayloadReader.MaxIdLength]
        .Where(id => !string.IsNullOrWhiteSpace(id));

    [Fact]
    public void Any_frame_data_is_read_within_the_limits_or_refused()
    {
        Property.ForAll(Gens.HostileBytes(DataFrames), bytes =>
        {
            using var frame = NativeClientFrame.TryParse(bytes, out _);
            if (frame is not null)
            {
                CheckReaders(frame.Data);
            }
        }, Iterations, Gens.Print);
    }

    [Fact]
    public void Any_string_is_a_valid_id_only_within_the_id_rules()
    {
        Property.ForAll(Gen.Frequency((3, Gen.String), (1, Gens.SafeText), (1, ValidIds)), value =>
        {
            if (PayloadReader.IsValidId(value))
            {
                Assert.InRange(value.Length, 1, PayloadReader.MaxIdLength);
                Assert.False(string.IsNullOrWhiteSpace(value));
                Assert.DoesNotContain(value, char.IsControl);
            }
        }, Iterations);
    }

    [Fact]
    public void Well_formed_payloads_read_back_to_what_was_sent()
    {
        var payloads = Gen.Select(ValidIds, ValidIds.Array[0, 5], Gen.Long[0, long.MaxValue], Gen.String[1, MaxContentLength].Where(c => !string.IsNullOrWhiteSpace(c) && !TextChecks.HasLoneSurrogate(c)),
            (roomId, members, sinceSeq, content) => (roomId, members, sinceSeq, content));
        Property.ForAll(payloads, sent =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("type", "message");
                writer.WriteStartObject("data");
                writer.WriteString("roomId", sent.roomId);
                writer.WriteString("content", sent.content);
                writer.WriteNumber("sinceSeq", sent.sinceSeq);
                writer.WriteStartArray("members");
                foreach (var member in sent.members)
                {
                    writer.WriteStringValue(member);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            using var frame = NativeClientFrame.TryParse(buffer.WrittenMemory, out _);
            Assert.NotNull(frame);
            Assert.True(PayloadReader.TryGetRoomId(frame.Data, out var roomId));
            Assert.Equal(sent.roomId, roomId);
            Assert.True(MessageContent.TryRead(frame.Data, MaxContentLength, out var content, out _));
            Assert.Equal(sent.content, content);
            Assert.True(RequestReader.TryRead(frame.Data, ClientRequestJsonContext.Default.JoinRoomPayload, out var join));
            Assert.Equal(sent.sinceSeq, join.SinceSeq);
            Assert.True(RequestReader.TryRead(frame.Data, ClientRequestJsonContext.Default.CreateRoomPayload, out var create));
            Assert.Equal(sent.members, create.Members);
            CheckReaders(frame.Data);
        }, Iterations);
    }

    private static void CheckReaders(JsonElement data)
    {
        if (PayloadReader.TryGetRoomId(data, out var roomId))
        {
            Assert.True(PayloadReader.IsValidId(roomId));
        }

        foreach (var property in Properties)
        {
            if (PayloadReader.TryGetId(data, property, out var id))
            {
                Assert.True(PayloadReader.IsValidId(id));
            }

            if (PayloadReader.TryGetString(data, property, out var text))
            {
                Assert.NotNull(text);
            }

            if (PayloadReader.TryGetOptionalString(data, property, 16, out var optional))
            {
                Assert.True(optional is null || optional.Length <= 16);
            }

        }

        // The typed readers take anything without throwing: a record, or false (invalid_format).
        if (RequestReader.TryRead(data, ClientRequestJsonContext.Default.CreateRoomPayload, out var create))
        {
            // A lone surrogate ("\ud800") is no text: the reader refuses it rather than hand it on.
            Assert.Equal(JsonValueKind.Object, data.ValueKind);
            Assert.All(new[] { create.RoomId, create.Name, create.Visibility }.Concat(create.Members ?? []),
                text => Assert.False(text is not null && TextChecks.HasLoneSurrogate(text)));
        }

        RequestReader.TryRead(data, ClientRequestJsonContext.Default.JoinRoomPayload, out _);
        RequestReader.TryRead(data, ClientRequestJsonContext.Default.InvitePayload, out _);
        RequestReader.TryRead(data, ClientRequestJsonContext.Default.RoomHistoryPayload, out _);
        RequestReader.TryRead(data, ClientRequestJsonContext.Default.ConversationsPayload, out _);
        RequestReader.TryRead(data, ClientRequestJsonContext.Default.PrivateHistoryPayload, out _);
        RequestReader.TryRead(data, ClientRequestJsonContext.Default.MarkReadPayload, out _);

        if (MessageContent.TryRead(data, MaxContentLength, out var content, out var error))
        {
            Assert.Null(error);
            Assert.False(string.IsNullOrWhiteSpace(content));
            Assert.True(content.Length <= MaxContentLength);
        }
        else
        {
            Assert.True(error is null || error == ClientErrors.ContentTooLong);
        }
    }
}
