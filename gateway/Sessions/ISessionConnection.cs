namespace Orleans.Chat.Gateway.Sessions;

/// <summary>The transport side of a session, implemented once per wire protocol.</summary>
public interface ISessionConnection
{
    IServerEventEncoder Encoder { get; }

    /// <summary>Writes one encoded frame. Called by the session's single writer loop only.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);

    /// <summary>Ends the connection from the server side (slow consumer, shutdown).</summary>
    void Abort(string reason);
}
