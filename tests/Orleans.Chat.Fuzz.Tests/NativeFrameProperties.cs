using System.Buffers;
using System.Text;
using System.Text.Json;
using Orleans.Chat.Fuzz.Tests.Infrastructure;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Fuzz.Tests;

/// <summary>
/// NativeClientFrame.TryParse, the reader of every /ws text frame: null for anything that is not a JSON
/// object with a non-empty string type (the endpoint answers invalid_format), a frame otherwise; the id
/// it reports is always one the ack encoder can echo.
/// </summary>
public sealed class NativeFrameProperties
{
    private const long Iterations = 5_000;

    private static readonly Gen<ValidFrame> ValidFrames =
        Gen.Select(
            Gen.Select(Gens.SafeText, Gen.Char['a', 'z'], (text, first) => first + text),
            Gen.OneOf<string?>(null, "\"r1\"", "7", "-3", "1.5", "\"\\u00e9\\ud83d\\ude00\"", "\"\"", "9007199254740993", "1e400"),
            Gens.OrAbsent(Gens.ValidJson),
            (type, id, data) => new ValidFrame(type, id, data));

    [Fact]
    public void Hostile_bytes_give_a_frame_or_null_and_never_throw()
    {
        Property.ForAll(Gens.HostileBytes(Gens.NativeFrameText), Check, Iterations, Gens.Print);
    }

    [Fact]
    public void Mutated_valid_frames_give_a_frame_or_null_and_never_throw()
    {
        Property.ForAll(Gens.Mutated(ValidFrames.Select(frame => frame.Utf8)), Check, Iterations, Gens.Print);
    }

    [Fact]
    public void Valid_frames_parse_back_to_their_type_id_and_data()
    {
        Property.ForAll(ValidFrames, sent =>
        {
            using var frame = NativeClientFrame.TryParse(sent.Utf8, out var id);
            Assert.NotNull(frame);
            Assert.Equal(sent.Type, frame.Type);
            Assert.Equal(sent.Id, id?.GetRawText());
            Assert.Equal(sent.Id, frame.Id?.GetRawText());
            if (sent.Data is null)
            {
                Assert.Equal(JsonValueKind.Undefined, frame.Data.ValueKind);
            }
            else
            {
                using var expected = JsonDocument.Parse(sent.Data);
                Assert.True(JsonElement.DeepEquals(expected.RootElement, frame.Data), $"data {frame.Data.GetRawText()} != {sent.Data}");
            }
        }, Iterations, sent => Encoding.UTF8.GetString(sent.Utf8));
    }

    /// <summary>
    /// The documented outcome: a frame has a non-empty type of well-formed UTF-16 (so the dispatcher can
    /// look it up); an id, when reported, is a string or number that the ack encoder echoes.
    /// </summary>
    private static void Check(byte[] bytes)
    {
        using var frame = NativeClientFrame.TryParse(bytes, out var id);
        if (frame is not null)
        {
            Assert.False(string.IsNullOrEmpty(frame.Type));
            Assert.False(TextChecks.HasLoneSurrogate(frame.Type), "the type is not well-formed UTF-16");
            Assert.Equal(id?.GetRawText(), frame.Id?.GetRawText());
        }

        if (id is { } requestId)
        {
            Assert.True(requestId.ValueKind is JsonValueKind.String or JsonValueKind.Number, $"id of kind {requestId.ValueKind}");
            var ack = NativeEventEncoder.Instance.EncodeAck(requestId, ClientErrors.InvalidFormat, ChatJsonContext.Default.ErrorPayload);
            using var echoed = JsonDocument.Parse(ack);
            Assert.Equal("ack", echoed.RootElement.GetProperty("type").GetString());
        }
    }

    private sealed record ValidFrame(string Type, string? Id, string? Data)
    {
        public byte[] Utf8 { get; } = Write(Type, Id, Data);

        private static byte[] Write(string type, string? id, string? data)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("type", type);
                if (id is not null)
                {
                    writer.WritePropertyName("id");
                    writer.WriteRawValue(id, skipInputValidation: true);
                }

                if (data is not null)
                {
                    writer.WritePropertyName("data");
                    writer.WriteRawValue(data);
                }

                writer.WriteEndObject();
            }

            return buffer.WrittenSpan.ToArray();
        }
    }
}
