using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>
/// Source-generated serializers for everything the gateway writes to clients. Grain DTOs carry no
/// JSON attributes: where their wire shape differs, a converter here writes it.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(ChatMessageJsonConverter), typeof(PrivateMessageJsonConverter)])]
[JsonSerializable(typeof(ErrorPayload))]
[JsonSerializable(typeof(ConnectErrorData))]
[JsonSerializable(typeof(SuccessAck))]
[JsonSerializable(typeof(JoinRoomAck))]
[JsonSerializable(typeof(CreateRoomAck))]
[JsonSerializable(typeof(MessageAck))]
[JsonSerializable(typeof(PrivateMessageAck))]
[JsonSerializable(typeof(HistoryAck))]
[JsonSerializable(typeof(ConversationsAck))]
[JsonSerializable(typeof(PrivateHistoryAck))]
[JsonSerializable(typeof(EditMessageAck))]
[JsonSerializable(typeof(DeleteMessageAck))]
[JsonSerializable(typeof(RoomChangesAck))]
[JsonSerializable(typeof(ConversationChangesAck))]
[JsonSerializable(typeof(RoomsAck))]
[JsonSerializable(typeof(UpdateRoomAck))]
[JsonSerializable(typeof(ExtensionAck))]
[JsonSerializable(typeof(ConnectedEvent))]
[JsonSerializable(typeof(MessageEditedEvent))]
[JsonSerializable(typeof(MessageDeletedEvent))]
[JsonSerializable(typeof(ReadReceiptEvent))]
[JsonSerializable(typeof(MemberRemovedEvent))]
[JsonSerializable(typeof(RoomUpdatedEvent))]
[JsonSerializable(typeof(RoleChangedEvent))]
[JsonSerializable(typeof(AppRoomEventPayload))]
[JsonSerializable(typeof(RoomSummary))]
[JsonSerializable(typeof(RoomInfo))]
[JsonSerializable(typeof(RoomMember))]
[JsonSerializable(typeof(UserJoinedEvent))]
[JsonSerializable(typeof(UserLeftEvent))]
[JsonSerializable(typeof(UserTypingEvent))]
[JsonSerializable(typeof(UserStoppedTypingEvent))]
[JsonSerializable(typeof(PongEvent))]
[JsonSerializable(typeof(TokenExpiringEvent))]
[JsonSerializable(typeof(RefreshTokenAck))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(PrivateMessage))]
[JsonSerializable(typeof(IReadOnlyList<PrivateMessage>))]
[JsonSerializable(typeof(PresenceUpdate))]
[JsonSerializable(typeof(UserRef))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Api.StatsResponse))]
[JsonSerializable(typeof(Api.DevTokenRequest))]
[JsonSerializable(typeof(Api.DevTokenResponse))]
[JsonSerializable(typeof(Api.BroadcastRequest))]
[JsonSerializable(typeof(Api.RoomMessageRequest))]
public sealed partial class ChatJsonContext : JsonSerializerContext;
