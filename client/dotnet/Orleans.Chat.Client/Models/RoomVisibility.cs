using System.Text.Json.Serialization;

namespace Orleans.Chat.Client;

/// <summary>Who may join a room.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RoomVisibility>))]
public enum RoomVisibility
{
    /// <summary>Anyone may join.</summary>
    [JsonStringEnumMemberName("public")]
    Public,

    /// <summary>Only the owner and invited users may join.</summary>
    [JsonStringEnumMemberName("private")]
    Private,
}
