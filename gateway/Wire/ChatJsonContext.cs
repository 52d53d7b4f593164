using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>Source-generated serializers for everything the gateway writes to clients.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
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
[JsonSerializable(typeof(ConnectedEvent))]
[JsonSerializable(typeof(UserJoinedEvent))]
[JsonSerializable(typeof(UserLeftEvent))]
[JsonSerializable(typeof(UserTypingEvent))]
[JsonSerializable(typeof(UserStoppedTypingEvent))]
[JsonSerializable(typeof(PongEvent))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(PrivateMessage))]
[JsonSerializable(typeof(IReadOnlyList<PrivateMessage>))]
[JsonSerializable(typeof(PresenceUpdate))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Api.StatsResponse))]
[JsonSerializable(typeof(Api.DevTokenRequest))]
[JsonSerializable(typeof(Api.DevTokenResponse))]
[JsonSerializable(typeof(Api.BroadcastRequest))]
[JsonSerializable(typeof(Api.RoomMessageRequest))]
public sealed partial class ChatJsonContext : JsonSerializerContext;
