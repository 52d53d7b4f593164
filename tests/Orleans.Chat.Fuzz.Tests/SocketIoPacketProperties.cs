using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Chat.Fuzz.Tests.Infrastructure;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.Fuzz.Tests;

/// <summary>
/// The Socket.IO 5 packet parser and the binary packet assembler: any text gives a packet whose header and
/// payload fit its type, or false (the connection is then closed); packets our encoder writes, of every
/// type, with namespaces, ack ids and binary attachments, parse back to the same packet and reassemble
/// with their attachments.
/// </summary>
public sealed class SocketIoPacketProperties
{
    private const long Iterations = 5_000;
    private const int MaxAttachments = 10;

    private static readonly HashSet<string> Reserved = ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

    private static readonly Gen<string> Namespaces = Gen.Frequency(
        (2, Gen.Const("/")),
        (3, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_/\u00e9"], 1, 12].Select(name => "/" + name)));

    /// <summary>Headers of every shape, near misses included, then any JSON or none.</summary>
    private static readonly Gen<string> PacketTexts =
        Gen.Select(
            Gen.Frequency((8, Gen.Int[0, 6].Select(type => type.ToString(System.Globalization.CultureInfo.InvariantCulture))), (1, Gen.OneOf("7", "9", "a", "-", "/", ""))),
            Gens.OrAbsent(Gen.OneOf("0-", "1-", "3-", "10-", "11-", "9999999999999999-", "-", "1", "x-")),
            Gens.OrAbsent(Gen.Frequency((4, Namespaces.Select(nsp => nsp + ",")), (1, Namespaces))),
            Gens.OrAbsent(Gen.OneOf("0", "1", "42", "999999999999999", "1000000000000000", "99999999999999999999")),
            Gens.OrAbsent(Gen.Frequency((3, Gens.JsonText), (1, Gen.OneOf("[\"message\"]", "[\"connect\"]", "[]", "{}", "\"x\"", "[\"m\",{\"_placeholder\":true,\"num\":0}]")))),
            (type, attachments, nsp, ack, json) => type + attachments + nsp + ack + json);

    private static readonly Gen<object?> Argument = Gen.Frequency(
        (3, Gens.ValidJson.Select(json => (object?)JsonDocument.Parse(json).RootElement.Clone())),
        (2, Gens.SafeText.Select(text => (object?)text)),
        (2, Gen.Byte.Array[0, 30].Select(bytes => (object?)bytes)),
        (1, Gen.Const((object?)null)));

    private static readonly Gen<EncodedPacket> EncodedPackets = Gen.Frequency(
        (6, Gen.Select(Namespaces, Gens.OrAbsent(Gens.SafeText.Where(name => !Reserved.Contains(name))), Gen.Long[0, 999_999_999_999_999].Nullable(), Argument.Array[0, 5],
            (nsp, eventName, ackId, args) => Arguments(nsp, eventName, eventName is null ? ackId ?? 0 : ackId, args))),
        (1, Gen.Select(Namespaces, Gens.SafeText, Gens.OrAbsent(Gens.SafeText), (nsp, sid, pid) => new EncodedPacket(
            SocketIoPacketEncoder.EncodeConnect(nsp, sid, pid), [], SocketIoPacketType.Connect, nsp, null,
            pid is null ? new JsonObject { ["sid"] = sid } : new JsonObject { ["sid"] = sid, ["pid"] = pid }))),
        (1, Gen.Select(Namespaces, Gens.SafeText, Gens.ValidJson, (nsp, message, data) => new EncodedPacket(
            SocketIoPacketEncoder.EncodeConnectError(nsp, message, JsonDocument.Parse(data).RootElement.Clone()), [], SocketIoPacketType.ConnectError, nsp, null,
            new JsonObject { ["message"] = message, ["data"] = JsonNode.Parse(data) }))),
        (1, Namespaces.Select(nsp => new EncodedPacket(SocketIoPacketEncoder.EncodeDisconnect(nsp), [], SocketIoPacketType.Disconnect, nsp, null, null))));

    [Fact]
    public void Any_packet_text_gives_a_packet_that_fits_its_type_or_false()
    {
        Property.ForAll(Gens.HostileBytes(PacketTexts), Check, Iterations, Gens.Print);
    }

    [Fact]
    public void Mutated_encoded_packets_give_a_packet_that_fits_its_type_or_false()
    {
        Property.ForAll(Gens.Mutated(EncodedPackets.Select(packet => packet.Text[1..])), Check, Iterations, Gens.Print);
    }

    [Fact]
    public void Encoded_packets_of_every_type_parse_back_and_reassemble_with_their_attachments()
    {
        Property.ForAll(EncodedPackets, sent =>
        {
            Assert.Equal((byte)'4', sent.Text[0]);
            Assert.True(SocketIoPacketParser.TryParse(sent.Text.AsSpan(1), MaxAttachments, out var packet));
            using (packet)
            {
                Assert.Equal(sent.Type, packet!.Type);
                Assert.Equal(sent.Namespace is "" ? "/" : sent.Namespace, packet.Namespace);
                Assert.Equal(sent.AckId, packet.AckId);
                Assert.Equal(sent.Attachments.Length, packet.AttachmentCount);
                if (sent.Payload is null)
                {
                    Assert.Null(packet.Payload);
                }
                else
                {
                    using var expected = JsonDocument.Parse(sent.Payload.ToJsonString());
                    Assert.True(JsonElement.DeepEquals(expected.RootElement, packet.Payload!.RootElement), $"{packet.Payload.RootElement.GetRawText()} != {sent.Payload.ToJsonString()}");
                }

                var complete = Assemble(packet, sent.Attachments);
                Assert.Same(packet, complete);
                Assert.Equal(sent.Attachments.Select(Convert.ToHexString), packet.Attachments.Select(a => Convert.ToHexString(a.Span)));
                Assert.True(BinaryPacketAssembler.PlaceholdersAreValid(packet));
            }
        }, Iterations, sent => Gens.Print(sent.Text));
    }

    /// <summary>
    /// The documented outcome: a packet has a known type, a namespace starting with '/', an attachment count
    /// within the limit and a payload of the shape its type requires; its attachments can be collected and
    /// its placeholders checked without an exception.
    /// </summary>
    private static void Check(byte[] bytes)
    {
        if (!SocketIoPacketParser.TryParse(bytes, MaxAttachments, out var packet))
        {
            Assert.Null(packet);
            return;
        }

        using (packet)
        {
            Assert.True(Enum.IsDefined(packet!.Type));
            Assert.StartsWith("/", packet.Namespace, StringComparison.Ordinal);
            Assert.InRange(packet.AttachmentCount, 0, MaxAttachments);
            Assert.True(packet.AttachmentCount == 0 || packet.Type is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck);
            Assert.True(packet.AckId is null or >= 0);
            var root = packet.Payload?.RootElement;
            switch (packet.Type)
            {
                case SocketIoPacketType.Connect:
                    Assert.True(root is null or { ValueKind: JsonValueKind.Object });
                    break;
                case SocketIoPacketType.Disconnect:
                    Assert.Null(root);
                    break;
                case SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent:
                    Assert.Equal(JsonValueKind.Array, root!.Value.ValueKind);
                    Assert.DoesNotContain(root.Value[0].GetString()!, Reserved);
                    break;
                case SocketIoPacketType.Ack or SocketIoPacketType.BinaryAck:
                    Assert.Equal(JsonValueKind.Array, root!.Value.ValueKind);
                    break;
                default:
                    Assert.True(root is { ValueKind: JsonValueKind.Object or JsonValueKind.String });
                    break;
            }

            if (packet.AttachmentCount > 0)
            {
                Assert.Same(packet, Assemble(packet, [.. Enumerable.Range(0, packet.AttachmentCount).Select(i => new byte[i])]));
            }

            Assert.Equal(ExpectedPlaceholdersValid(root, packet.Attachments.Count), BinaryPacketAssembler.PlaceholdersAreValid(packet));
        }
    }

    /// <summary>Feeds the attachments one by one: null until the last, which completes the packet.</summary>
    private static SocketIoPacket? Assemble(SocketIoPacket packet, byte[][] attachments)
    {
        if (attachments.Length == 0)
        {
            return packet;
        }

        var assembler = new BinaryPacketAssembler();
        assembler.Begin(packet);
        for (var i = 0; i < attachments.Length - 1; i++)
        {
            Assert.Null(assembler.Add(attachments[i]));
            Assert.True(assembler.IsWaiting);
        }

        var complete = assembler.Add(attachments[^1]);
        Assert.False(assembler.IsWaiting);
        return complete;
    }

    /// <summary>An independent reading of the placeholder rule: every {"_placeholder":true,"num":n} has an int n below the count.</summary>
    private static bool ExpectedPlaceholdersValid(JsonElement? element, int count) => element is not { } value || value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().All(item => ExpectedPlaceholdersValid(item, count)),
        JsonValueKind.Object when value.TryGetProperty("_placeholder", out var marker) && marker.ValueKind == JsonValueKind.True
            && value.TryGetProperty("num", out var num) && num.ValueKind == JsonValueKind.Number && num.TryGetInt32(out var index) => index >= 0 && index < count,
        JsonValueKind.Object => value.EnumerateObject().All(property => ExpectedPlaceholdersValid(property.Value, count)),
        _ => true,
    };

    private static EncodedPacket Arguments(string nsp, string? eventName, long? ackId, object?[] args)
    {
        var message = SocketIoPacketEncoder.EncodeArguments(nsp, eventName, ackId, args);
        var attachments = args.OfType<byte[]>().ToArray();
        var payload = new JsonArray();
        if (eventName is not null)
        {
            payload.Add(eventName);
        }

        var next = 0;
        foreach (var arg in args)
        {
            payload.Add(arg switch
            {
                byte[] => new JsonObject { ["_placeholder"] = true, ["num"] = next++ },
                JsonElement element => JsonNode.Parse(element.GetRawText()),
                string text => JsonValue.Create(text),
                _ => null,
            });
        }

        var type = (eventName is not null, attachments.Length > 0) switch
        {
            (true, false) => SocketIoPacketType.Event,
            (true, true) => SocketIoPacketType.BinaryEvent,
            (false, false) => SocketIoPacketType.Ack,
            (false, true) => SocketIoPacketType.BinaryAck,
        };
        Assert.Equal(attachments.Length, message.BinaryPackets?.Length ?? 0);
        return new EncodedPacket(message.TextPacket.ToArray(), attachments, type, nsp, ackId, payload);
    }

    private sealed record EncodedPacket(byte[] Text, byte[][] Attachments, SocketIoPacketType Type, string Namespace, long? AckId, JsonNode? Payload);
}
