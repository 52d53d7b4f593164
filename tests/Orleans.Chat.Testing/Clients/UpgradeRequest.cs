namespace Orleans.Chat.Testing.Clients;

/// <summary>A WebSocket upgrade request to /ws sent through HttpClient, so a refusal's status and body can be read.</summary>
public static class UpgradeRequest
{
    public static HttpRequestMessage To(string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        return request;
    }
}
