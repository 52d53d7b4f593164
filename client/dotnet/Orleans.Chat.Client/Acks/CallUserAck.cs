namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.CallUserAsync"/>: the call's id (the callee is ringing, or the call ends busy).</summary>
public sealed record CallUserAck
{
    /// <summary>The call's id, for every later signal.</summary>
    public required string CallId { get; init; }
}
