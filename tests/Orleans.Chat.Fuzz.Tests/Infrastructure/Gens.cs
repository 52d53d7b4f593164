using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Chat.Fuzz.Tests.Infrastructure;

/// <summary>
/// Generators of hostile input: random bytes, soups of format fragments, deep nesting, huge numbers and
/// strings, and JSON text whose strings hold lone surrogates, NUL, escaped property names and truncated escapes.
/// </summary>
public static class Gens
{
    /// <summary>Pieces of the formats under test (JSON, Socket.IO headers, Engine.IO payloads) and of broken UTF-8.</summary>
    private static readonly byte[][] Fragments =
    [
        .. new[]
        {
            "{", "}", "[", "]", "\"", ":", ",", "-", "/", "\\", "\\u", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000",
            "\\u12", "\"type\"", "\"id\"", "\"data\"", "\"roomId\"", "\"content\"", "\"_placeholder\"", "\"num\"", "true",
            "false", "null", "0", "1", "2", "4", "5", "6", "9", "-1", "1e999999", "99999999999999999999999", "0.5", "-0",
            "b", "40", "42", "451-", "/admin,", "probe", "\"message\"", "\"x\"", " ", "\t", "\n", "\u0000",
            "{\"_placeholder\":true,\"num\":0}", "[\"message\",", "\u00e9", "\U0001F600",
        }.Select(Encoding.UTF8.GetBytes),
        [0x1e], [0xff], [0xfe], [0xc3], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0x80],
    ];

    private static readonly string[] Keys =
    [
        "type", "id", "data", "roomId", "content", "sinceSeq", "members", "clientMsgId", "targetUserId", "userId", "name",
        "visibility", "beforeSeq", "afterSeq", "limit", "status", "_placeholder", "num", "token", "sid", "pid", "message",
    ];

    private static readonly string[] StringPieces =
    [
        "a", "room", "general", " ", "\u00e9", "\U0001F600", "\\ud800", "\\udc00", "\\udfff\\ud800", "\\ud83d\\ude00", "\\u0000",
        "\\n", "\\\"", "\\\\", "\\u0074ype", "\\u0001", "\\/", "\\ud800\\u0041",
    ];

    private static readonly string[] NumberTexts =
    [
        "0", "-0", "1", "-1", "42", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", "1e3", "1E+2", "1.5", "-1.5e-400", "1e999", "0.000001", "123456789012345",
    ];

    public static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 300];

    /// <summary>Fragments glued together: mostly near-misses of the formats.</summary>
    public static readonly Gen<byte[]> FragmentSoup =
        Gen.Int[0, Fragments.Length - 1].Array[0, 40].Select(indexes => indexes.SelectMany(i => Fragments[i]).ToArray());

    /// <summary>Deep nesting (past every MaxDepth), open or closed, of arrays or objects.</summary>
    public static readonly Gen<byte[]> DeepNesting =
        Gen.Select(Gen.Int[1, 5000], Gen.Bool, Gen.Bool, (depth, objects, closed) =>
        {
            var open = objects ? "{\"a\":" : "[";
            var close = objects ? "}" : "]";
            var text = string.Concat(Enumerable.Repeat(open, depth)) + "1" + (closed ? string.Concat(Enumerable.Repeat(close, depth)) : string.Empty);
            return Encoding.UTF8.GetBytes(text);
        });

    /// <summary>Huge numbers and huge strings, bare or as a field.</summary>
    public static readonly Gen<byte[]> Huge =
        Gen.Select(Gen.Int[1, 100_000], Gen.Int[0, 3], (size, shape) => Encoding.UTF8.GetBytes(shape switch
        {
            0 => new string('9', size),
            1 => "{\"type\":\"message\",\"id\":" + new string('9', size) + "}",
            2 => "{\"type\":\"" + new string('x', size) + "\"}",
            _ => "[\"" + new string('\\', size - (size % 2)) + "\"]",
        }));

    public static readonly Gen<string> StringLiteral =
        Gen.OneOf(StringPieces).Array[0, 6].Select(pieces => "\"" + string.Concat(pieces) + "\"");

    public static readonly Gen<string> Key =
        Gen.Frequency((4, Gen.OneOf(Keys).Select(key => "\"" + key + "\"")), (1, StringLiteral));

    public static readonly Gen<string> Scalar = Gen.Frequency(
        (3, Gen.OneOf(NumberTexts)),
        (1, Gen.OneOf("true", "false", "null")),
        (4, StringLiteral),
        (1, Gen.OneOf(Keys).Select(key => "\"" + key + "\"")));

    /// <summary>JSON text (syntactically valid) up to a few levels deep, with hostile strings and keys.</summary>
    public static readonly Gen<string> JsonText = Gen.Recursive<string>((depth, inner) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (1, inner.Array[0, 5].Select(items => "[" + string.Join(",", items) + "]")),
            (2, Gen.Select(Key, inner, (key, value) => key + ":" + value).Array[0, 5].Select(members => "{" + string.Join(",", members) + "}")),
            (1, Gen.Select(Gen.Int[-3, 10], Gen.OneOf("true", "1", "\"0\"", "1.5", "1e3"), (num, marker) =>
                "{\"_placeholder\":" + marker + ",\"num\":" + num + "}"))));

    /// <summary>A native client frame shape: an object with type, id and data of any kind, in any order.</summary>
    public static readonly Gen<string> NativeFrameText =
        Gen.Select(
            OrAbsent(Gen.Frequency((4, StringLiteral), (1, JsonText))),
            OrAbsent(Gen.Frequency((2, StringLiteral), (2, Gen.OneOf(NumberTexts)), (1, JsonText))),
            OrAbsent(JsonText),
            Gen.Bool,
            (type, id, data, reversed) =>
        {
            var fields = new List<string>();
            if (type is not null)
            {
                fields.Add("\"type\":" + type);
            }

            if (id is not null)
            {
                fields.Add("\"id\":" + id);
            }

            if (data is not null)
            {
                fields.Add("\"data\":" + data);
            }

            if (reversed)
            {
                fields.Reverse();
            }

            return "{" + string.Join(",", fields) + "}";
        });

    /// <summary>Well-formed text of a well-behaved client: letters, accents, emoji, quotes, backslashes, NUL and newlines.</summary>
    public static readonly Gen<string> SafeText =
        Gen.OneOf("a", "b", "z", "0", " ", "-", "\u00e9", "\u20ac", "\U0001F600", "\"", "\\", "\n", "\u0000", "/", "\u4e2d")
            .Array[0, 12].Select(string.Concat);

    /// <summary>Valid JSON of a well-behaved client (written by System.Text.Json), a few levels deep.</summary>
    public static readonly Gen<JsonNode?> ValidNode = Gen.Recursive<JsonNode?>((depth, inner) =>
    {
        var scalar = Gen.Frequency(
            (1, Gen.Const((JsonNode?)null)),
            (1, Gen.Bool.Select(value => (JsonNode?)JsonValue.Create(value))),
            (2, Gen.Long.Select(value => (JsonNode?)JsonValue.Create(value))),
            (1, Gen.Double.Where(double.IsFinite).Select(value => (JsonNode?)JsonValue.Create(value))),
            (3, SafeText.Select(value => (JsonNode?)JsonValue.Create(value))));
        return depth >= 3
            ? scalar
            : Gen.Frequency(
                (3, scalar),
                (1, inner.Array[0, 4].Select(items => (JsonNode?)new JsonArray(items))),
                (1, Gen.Select(SafeText, inner, (key, value) => (key, value)).Array[0, 4].Select(members =>
                {
                    var node = new JsonObject();
                    foreach (var (key, value) in members)
                    {
                        node[key] = value;
                    }

                    return (JsonNode?)node;
                })));
    });

    public static readonly Gen<string> ValidJson = ValidNode.Select(node => node?.ToJsonString() ?? "null");

    /// <summary>The generated value, or null (a field left out) one time in five.</summary>
    public static Gen<string?> OrAbsent(Gen<string> gen) => Gen.Frequency((1, Gen.Const((string?)null)), (4, gen.Select(value => (string?)value)));

    /// <summary>Every kind of hostile bytes, JSON-shaped and not.</summary>
    public static Gen<byte[]> HostileBytes(Gen<string> structured) => Gen.Frequency(
        (3, RandomBytes),
        (3, FragmentSoup),
        (4, structured.Select(Encoding.UTF8.GetBytes)),
        (3, Mutated(structured.Select(Encoding.UTF8.GetBytes))),
        (1, DeepNesting),
        (1, Huge));

    /// <summary>Valid inputs with 1-4 edits: bit flips, inserted fragments, deleted or duplicated ranges, truncation.</summary>
    public static Gen<byte[]> Mutated(Gen<byte[]> valid) =>
        Gen.Select(valid, Edit.Array[1, 4], (input, edits) => edits.Aggregate(input, Apply));

    private static readonly Gen<(int Kind, int Position, int Argument, int Bit)> Edit =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Int[0, 7], (kind, position, argument, bit) => (kind, position, argument, bit));

    private static byte[] Apply(byte[] input, (int Kind, int Position, int Argument, int Bit) edit)
    {
        var bytes = input.ToList();
        var at = bytes.Count == 0 ? 0 : edit.Position % (bytes.Count + 1);
        switch (edit.Kind)
        {
            case 0 when at < bytes.Count:
                bytes[at] ^= (byte)(1 << edit.Bit);
                break;
            case 1:
                bytes.InsertRange(at, Fragments[edit.Argument % Fragments.Length]);
                break;
            case 2 when at < bytes.Count:
                bytes.RemoveRange(at, Math.Min(1 + (edit.Argument % 8), bytes.Count - at));
                break;
            case 3 when at < bytes.Count:
                bytes.InsertRange(at, bytes.GetRange(at, Math.Min(1 + (edit.Argument % 16), bytes.Count - at)));
                break;
            case 4:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            default:
                bytes.Insert(at, (byte)edit.Argument);
                break;
        }

        return [.. bytes];
    }

    /// <summary>Printable form of bytes for failure messages: UTF-8 where it decodes, with the hex beside.</summary>
    public static string Print(byte[] bytes) =>
        $"[{bytes.Length} bytes] {Truncate(Encoding.UTF8.GetString(bytes))} hex {Truncate(Convert.ToHexString(bytes))}";

    private static string Truncate(string text) => text.Length <= 600 ? text : text[..600] + "...";
}
