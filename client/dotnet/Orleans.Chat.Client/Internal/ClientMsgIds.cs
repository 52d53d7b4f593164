namespace Orleans.Chat.Client.Internal;

/// <summary>Idempotency keys for messages the app sent without one: the server stores a re-sent message once per key.</summary>
internal static class ClientMsgIds
{
    public static string New() => Guid.NewGuid().ToString("N");
}
