namespace Orleans.Chat.Model;

/// <summary>Public description of a room.</summary>
[GenerateSerializer, Immutable, Alias("chat.RoomInfo")]
public sealed record RoomInfo
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }

    /// <summary><see cref="RoomVisibility.Public"/> or <see cref="RoomVisibility.Private"/>.</summary>
    [Id(2)] public required string Visibility { get; init; }

    /// <summary>Null for public rooms created implicitly by a join.</summary>
    [Id(3)] public string? OwnerId { get; init; }

    /// <summary>Set by the owner or an admin with update-room; empty until then.</summary>
    [Id(4)] public string Topic { get; init; } = "";
}

public static class RoomVisibility
{
    public const string Public = "public";
    public const string Private = "private";

    public static bool IsValid(string? value) => value is Public or Private;
}
