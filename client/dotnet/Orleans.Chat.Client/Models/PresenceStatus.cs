using System.Text.Json.Serialization;

namespace Orleans.Chat.Client;

/// <summary>A user's presence. Clients may set <see cref="Online"/>, <see cref="Away"/> and <see cref="Busy"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PresenceStatus>))]
public enum PresenceStatus
{
    /// <summary>Connected.</summary>
    [JsonStringEnumMemberName("online")]
    Online,

    /// <summary>Connected, away.</summary>
    [JsonStringEnumMemberName("away")]
    Away,

    /// <summary>Connected, busy.</summary>
    [JsonStringEnumMemberName("busy")]
    Busy,

    /// <summary>No live connection (set by the server only).</summary>
    [JsonStringEnumMemberName("offline")]
    Offline,
}
