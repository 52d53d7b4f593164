using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Chat.Client.Internal.Wire;

/// <summary>Source-generated serializers for everything the client reads and writes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerFrame))]
[JsonSerializable(typeof(ConnectedEvent))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(PrivateMessage))]
[JsonSerializable(typeof(IReadOnlyList<PrivateMessage>))]
[JsonSerializable(typeof(UserJoinedEvent))]
[JsonSerializable(typeof(UserLeftEvent))]
[JsonSerializable(typeof(UserTypingEvent))]
[JsonSerializable(typeof(UserStoppedTypingEvent))]
[JsonSerializable(typeof(PresenceUpdateEvent))]
[JsonSerializable(typeof(ServerErrorEvent))]
[JsonSerializable(typeof(PongEvent))]
[JsonSerializable(typeof(JoinRoomAck))]
[JsonSerializable(typeof(CreateRoomAck))]
[JsonSerializable(typeof(MessageAck))]
[JsonSerializable(typeof(PrivateMessageAck))]
[JsonSerializable(typeof(HistoryAck))]
[JsonSerializable(typeof(ConversationsAck))]
[JsonSerializable(typeof(PrivateHistoryAck))]
[JsonSerializable(typeof(JoinRoomPayload))]
[JsonSerializable(typeof(RoomPayload))]
[JsonSerializable(typeof(CreateRoomPayload))]
[JsonSerializable(typeof(InvitePayload))]
[JsonSerializable(typeof(MessagePayload))]
[JsonSerializable(typeof(StatusPayload))]
[JsonSerializable(typeof(PrivateMessagePayload))]
[JsonSerializable(typeof(HistoryPayload))]
[JsonSerializable(typeof(ConversationsPayload))]
[JsonSerializable(typeof(PrivateHistoryPayload))]
[JsonSerializable(typeof(MarkReadPayload))]
[JsonSerializable(typeof(EmptyPayload))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
