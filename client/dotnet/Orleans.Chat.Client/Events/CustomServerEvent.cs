using System.Text.Json;

namespace Orleans.Chat.Client;

/// <summary>A server event this client has no type for, such as one sent with the server API's broadcast.</summary>
/// <param name="Type">The event name.</param>
/// <param name="Data">The payload as sent.</param>
public sealed record CustomServerEvent(string Type, JsonElement Data);
