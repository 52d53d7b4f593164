using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client;

// Token refresh in-band: on token-expiring the client asks its TokenProvider for a new token and sends it
// as refresh-token, keeping the connection. If that fails, the server closes the connection at the old
// token's exp + skew and the reconnect, with a fresh token from the same provider, takes over.
public sealed partial class ChatClient
{
    /// <summary>The server accepted a new token from <see cref="ChatClientOptions.TokenProvider"/> without a reconnect.</summary>
    public event EventHandler<TokenRefreshedEvent>? TokenRefreshed;

    /// <summary>Called under the lock: the provider is app code, so the refresh runs off it.</summary>
    private void OnTokenExpiringLocked()
    {
        var stopping = _run?.Token ?? CancellationToken.None;
        _ = Task.Run(() => RefreshTokenAsync(stopping), CancellationToken.None);
    }

    private async Task RefreshTokenAsync(CancellationToken stopping)
    {
        try
        {
            var token = await _options.TokenProvider(stopping).ConfigureAwait(false);
            // Not repeated after a drop: the new connection authenticates with a token of its own.
            var ack = await RequestAsync(EventNames.RefreshToken, new RefreshTokenPayload(token), ClientJsonContext.Default.RefreshTokenPayload,
                ClientJsonContext.Default.RefreshTokenAck, resend: false, stopping).ConfigureAwait(false);
            Volatile.Write(ref _token, token);
            Raise(static c => c.TokenRefreshed, new TokenRefreshedEvent { ExpiresAt = ack.ExpiresAt });
        }
        catch (Exception)
        {
            // The provider or the server said no, or the client is stopping: the expiry's close and the
            // reconnect take over. Nothing to tell the app beyond the state changes that follow.
        }
    }
}
