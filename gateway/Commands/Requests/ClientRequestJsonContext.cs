using System.Text.Json.Serialization;

namespace Orleans.Chat.Gateway.Commands.Requests;

/// <summary>
/// Reads the typed client payloads. Stricter than the web defaults the gateway writes with: property
/// names match exactly (camelCase), numbers must be JSON numbers (no "12"), and unknown properties are
/// ignored, as the hand-written readers did.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(JoinRoomPayload))]
[JsonSerializable(typeof(CreateRoomPayload))]
[JsonSerializable(typeof(InvitePayload))]
[JsonSerializable(typeof(RoomHistoryPayload))]
[JsonSerializable(typeof(ConversationsPayload))]
[JsonSerializable(typeof(PrivateHistoryPayload))]
[JsonSerializable(typeof(MarkReadPayload))]
[JsonSerializable(typeof(EditMessagePayload))]
[JsonSerializable(typeof(DeleteMessagePayload))]
[JsonSerializable(typeof(ChangesPayload))]
[JsonSerializable(typeof(RoomsPayload))]
[JsonSerializable(typeof(SetRolePayload))]
[JsonSerializable(typeof(KickPayload))]
[JsonSerializable(typeof(UpdateRoomPayload))]
[JsonSerializable(typeof(RoomEventPayload))]
internal sealed partial class ClientRequestJsonContext : JsonSerializerContext;
