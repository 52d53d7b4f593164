namespace Orleans.Chat.Client;

/// <summary>How one room came back after a reconnect.</summary>
public sealed record RoomRecovery
{
    /// <summary>The room.</summary>
    public required string RoomId { get; init; }

    /// <summary>False when messages were lost to the server's retention or the re-join failed.</summary>
    public bool Recovered { get; init; }

    /// <summary>Messages the recovery raised as <see cref="ChatClient.NewMessage"/>: missed while away, plus live ones that raced the re-join.</summary>
    public int Missed { get; init; }

    /// <summary>Edits and deletes the recovery raised as <see cref="ChatClient.MessageEdited"/> / <see cref="ChatClient.MessageDeleted"/>.</summary>
    public int Changes { get; init; }

    /// <summary>The room as the re-join returned it; null when the re-join failed.</summary>
    public RoomInfo? Room { get; init; }

    /// <summary>The members with their presence, from the re-join; null when it failed.</summary>
    public IReadOnlyList<RoomMember>? Members { get; init; }

    /// <summary>Why the re-join failed, or null.</summary>
    public ChatException? Error { get; init; }
}
