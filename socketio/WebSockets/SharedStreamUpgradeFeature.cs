using Microsoft.AspNetCore.Http.Features;

namespace Orleans.Chat.SocketIo.WebSockets;

/// <summary>
/// Stands in for the server's upgrade feature: the WebSocket accepted on this request gets the upgraded
/// connection wrapped in a <see cref="SharedWebSocketStream"/>, which this request's
/// <see cref="WebSocketFrameWriter"/> then finds here.
/// </summary>
internal sealed class SharedStreamUpgradeFeature(IHttpUpgradeFeature inner) : IHttpUpgradeFeature
{
    public SharedWebSocketStream? Stream { get; private set; }

    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync() => Stream = new SharedWebSocketStream(await inner.UpgradeAsync().ConfigureAwait(false));
}
