namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.EditMessageAsync"/>.</summary>
public sealed record EditMessageAck
{
    /// <summary>When the edit was stored, in Unix milliseconds.</summary>
    public long EditedAt { get; init; }

    /// <summary>The room's or conversation's change counter at this edit.</summary>
    public long ChangeSeq { get; init; }
}
