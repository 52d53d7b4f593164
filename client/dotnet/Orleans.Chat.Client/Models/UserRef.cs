namespace Orleans.Chat.Client;

/// <summary>A user as other users see them.</summary>
public sealed record UserRef
{
    /// <summary>The user id (the token's <c>sub</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The display name (the token's <c>name</c>, else the id).</summary>
    public required string Name { get; init; }
}
