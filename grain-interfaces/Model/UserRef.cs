namespace Orleans.Chat.Model;

/// <summary>A user as shown to other users: id plus display name.</summary>
[GenerateSerializer, Immutable, Alias("chat.UserRef")]
public sealed record UserRef
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
}
