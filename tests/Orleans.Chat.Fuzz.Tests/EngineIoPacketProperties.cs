using System.Text;
using Orleans.Chat.Fuzz.Tests.Infrastructure;
using Orleans.Chat.SocketIo.EngineIo;

namespace Orleans.Chat.Fuzz.Tests;

/// <summary>
/// The Engine.IO 4 packet and polling payload parsers: a packet is a type digit 0-6 and its data, or 'b' and
/// base64; a payload joins packets with the record separator 0x1e and is refused whole (false, then 400 and
/// a closed session) when any of them is malformed. Whatever the bytes, the parsers answer and never throw.
/// </summary>
public sealed class EngineIoPacketProperties
{
    private const long Iterations = 5_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Packet data without the record separator, as in every payload (JSON text never holds a raw 0x1e).</summary>
    private static readonly Gen<byte[]> PacketData = Gen.Frequency(
        (2, Gen.Byte.Array[0, 60]),
        (2, Gens.JsonText.Select(Encoding.UTF8.GetBytes)))
        .Select(data => data.Where(b => b != EngineIoPacketParser.RecordSeparator).ToArray());

    /// <summary>Text packet data a client can send: UTF-8 (any string, JSON text), without the record separator.</summary>
    private static readonly Gen<byte[]> TextData = Gen.Frequency(
        (2, Gen.String.Select(Encoding.UTF8.GetBytes)),
        (2, Gens.JsonText.Select(Encoding.UTF8.GetBytes)))
        .Select(data => data.Where(b => b != EngineIoPacketParser.RecordSeparator).ToArray());

    /// <summary>Byte sequences that are not UTF-8 wherever they stand after whole characters (overlong, surrogate, past U+10FFFF, cut).</summary>
    private static readonly Gen<byte[]> InvalidUtf8 = Gen.OneOf<byte[]>(
        [0xff], [0xfe], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98]);

    private static readonly Gen<EngineIoPacketType> PacketTypes = Gen.Enum<EngineIoPacketType>();

    /// <summary>What a client sends in one POST: text packets, each maybe followed by binary ones.</summary>
    private static readonly Gen<OutboundMessage[]> Messages = MessagesOf(TextData);

    private static readonly Gen<byte[]> HostilePayloads = Gen.Frequency(
        (4, Gens.HostileBytes(Gens.JsonText)),
        (3, Gens.Mutated(MessagesOf(PacketData).Select(Encode))));


    [Fact]
    public void Any_text_packet_is_decoded_or_refused_without_throwing()
    {
        Property.ForAll(HostilePayloads, bytes =>
        {
            if (EngineIoPacketParser.TryParseText(bytes, out var packet))
            {
                CheckPacket(bytes, packet);
            }
        }, Iterations, Gens.Print);
    }

    [Fact]
    public void Any_polling_payload_is_decoded_whole_or_refused_whole_without_throwing()
    {
        Property.ForAll(HostilePayloads, bytes =>
        {
            var packets = new List<EngineIoPacket>();
            var segments = Split(bytes);
            if (EngineIoPacketParser.TryParsePayload(bytes, packets))
            {
                Assert.Equal(segments.Count, packets.Count);
                for (var i = 0; i < segments.Count; i++)
                {
                    CheckPacket(segments[i], packets[i]);
                }
            }
            else
            {
                Assert.Contains(segments, segment => !EngineIoPacketParser.TryParseText(segment, out _));
            }
        }, Iterations, Gens.Print);
    }

    [Fact]
    public void Packets_parse_back_to_their_type_and_data()
    {
        var data = Gen.Frequency((3, TextData), (1, Gen.Byte.Array[0, 200]));
        Property.ForAll(Gen.Select(PacketTypes, data, Gen.Bool, (type, data, binary) => (type, data, binary)), sent =>
        {
            var wire = sent.binary
                ? [(byte)'b', .. Encoding.ASCII.GetBytes(Convert.ToBase64String(sent.data))]
                : (byte[])[(byte)('0' + (int)sent.type), .. sent.data];

            // Text packets are UTF-8 strings: invalid UTF-8 is a malformed packet; binary is any bytes.
            var parsed = EngineIoPacketParser.TryParseText(wire, out var packet);
            Assert.Equal(sent.binary || IsUtf8(sent.data), parsed);
            if (parsed)
            {
                Assert.Equal(sent.binary, packet.IsBinary);
                Assert.Equal(sent.binary ? EngineIoPacketType.Message : sent.type, packet.Type);
                Assert.Equal(sent.data, packet.Data.ToArray());
            }
        }, Iterations);
    }

    [Fact]
    public void Encoded_polling_payloads_parse_back_to_the_same_packets()
    {
        Property.ForAll(Messages, messages =>
        {
            var packets = new List<EngineIoPacket>();
            Assert.True(EngineIoPacketParser.TryParsePayload(Encode(messages), packets));

            var expected = messages.SelectMany(message => (IEnumerable<(bool Binary, string Bytes)>)[
                (false, Convert.ToHexString(message.TextPacket.Span)),
                .. (message.BinaryPackets ?? []).Select(binary => (true, Convert.ToHexString(binary.Span)))]);
            var actual = packets.Select(packet => (packet.IsBinary, packet.IsBinary
                ? Convert.ToHexString(packet.Data.Span)
                : Convert.ToHexString([(byte)('0' + (int)packet.Type), .. packet.Data.Span])));
            Assert.Equal(expected, actual);
        }, Iterations, messages => Gens.Print(Encode(messages)));
    }

    [Fact]
    public void A_polling_payload_with_one_text_packet_of_invalid_utf8_is_refused_whole()
    {
        Property.ForAll(Gen.Select(Messages, Gen.Int[0, 5], InvalidUtf8, (messages, index, invalid) => (messages, index, invalid)), sent =>
        {
            var messages = sent.messages.ToArray();
            var victim = sent.index % messages.Length;
            messages[victim] = new OutboundMessage((byte[])[.. messages[victim].TextPacket.Span, .. sent.invalid], messages[victim].BinaryPackets);

            Assert.False(EngineIoPacketParser.TryParsePayload(Encode(messages), []));
        }, Iterations, sent => Convert.ToHexString(sent.invalid) + " in packet " + sent.index);
    }

    private static Gen<OutboundMessage[]> MessagesOf(Gen<byte[]> textData) =>
        Gen.Select(PacketTypes, textData, Gen.Byte.Array[0, 40].Array[0, 2], (type, data, binaries) =>
            new OutboundMessage((byte[])[(byte)('0' + (int)type), .. data], binaries.Length == 0 ? null : [.. binaries.Select(b => (ReadOnlyMemory<byte>)b)]))
        .Array[1, 6];

    private static bool IsUtf8(byte[] data)
    {
        try
        {
            _ = StrictUtf8.GetString(data);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static void CheckPacket(byte[] bytes, EngineIoPacket packet)
    {
        Assert.InRange((int)packet.Type, (int)EngineIoPacketType.Open, (int)EngineIoPacketType.Noop);
        if (packet.IsBinary)
        {
            Assert.Equal((byte)'b', bytes[0]);
            Assert.Equal(EngineIoPacketType.Message, packet.Type);
        }
        else
        {
            Assert.Equal((byte)('0' + (int)packet.Type), bytes[0]);
            Assert.Equal(bytes[1..], packet.Data.ToArray());
        }
    }

    private static List<byte[]> Split(byte[] payload)
    {
        var segments = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= payload.Length; i++)
        {
            if (i == payload.Length || payload[i] == EngineIoPacketParser.RecordSeparator)
            {
                segments.Add(payload[start..i]);
                start = i + 1;
            }
        }

        return segments;
    }

    private static byte[] Encode(OutboundMessage[] messages)
    {
        var buffer = PollingPayloadEncoder.Encode(messages, out var length);
        try
        {
            return buffer[..length];
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
