using System.Text.Json.Serialization;

namespace Orleans.Chat.SocketIo.Tests;

public sealed record Headline(string Title);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Headline))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
