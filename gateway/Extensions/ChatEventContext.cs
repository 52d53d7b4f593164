using System.Text.Json;

namespace Orleans.Chat.Gateway.Extensions;

/// <summary>One app-defined client event as its handler sees it.</summary>
public sealed class ChatEventContext
{
    internal ChatEventContext(string eventName, string userId, string userName, string sessionId, JsonElement payload, IServiceProvider services, IGrainFactory grains)
    {
        EventName = eventName;
        UserId = userId;
        UserName = userName;
        SessionId = sessionId;
        Payload = payload;
        Services = services;
        Grains = grains;
    }

    /// <summary>The client event's name (the one the handler was registered for).</summary>
    public string EventName { get; }

    /// <summary>The authenticated user of the connection (the token's sub).</summary>
    public string UserId { get; }

    /// <summary>The user's display name (the token's name, cleaned).</summary>
    public string UserName { get; }

    /// <summary>The connection's session id (as in the connected event).</summary>
    public string SessionId { get; }

    /// <summary>
    /// The payload as the client sent it; <see cref="JsonValueKind.Undefined"/> when it sent none. Valid
    /// only until HandleAsync completes (the gateway reuses its buffer): Clone() what must outlive it.
    /// </summary>
    public JsonElement Payload { get; }

    /// <summary>The services of this event's DI scope.</summary>
    public IServiceProvider Services { get; }

    /// <summary>The cluster's grains (rooms, users, conversations, or the app's own).</summary>
    public IGrainFactory Grains { get; }
}
