namespace Orleans.Chat.Grains;

/// <summary>
/// A user's one call line (key: user id): which call the user is in, so that a second call finds
/// them busy. Held under an expiry the call refreshes on every liveness tick, so a call lost with
/// its silo frees the line within <see cref="CallLineGrain.TtlFactor"/> liveness intervals.
/// </summary>
[Alias("chat.ICallLineGrain")]
internal interface ICallLineGrain : IGrainWithStringKey
{
    /// <summary>Takes the line for the call, or extends it when the call holds it already; false when another live call holds it.</summary>
    [Alias("TryOccupy")] Task<bool> TryOccupy(string callId);

    /// <summary>Frees the line if this call holds it (any other holder stays).</summary>
    [Alias("Release")] Task Release(string callId);
}
