using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>message, typing and stop-typing.</summary>
public sealed class MessageCommands(RoomSendQueues sends, SessionTyping typing, ClientMessageTypes types, IOptions<LimitsOptions> limits)
{
    public const int MaxTypeLength = 32;

    public async Task<CommandReply> SendAsync(ChatSession session, JsonElement data)
    {
        ErrorPayload? contentError = null;
        if (!PayloadReader.TryGetRoomId(data, out var roomId) || data.ValueKind != JsonValueKind.Object
            || !MessageContent.TryRead(data, limits.Value.MaxContentLength, out var content, out contentError)
            || !PayloadReader.TryGetOptionalString(data, "type", MaxTypeLength, out var type)
            || !PayloadReader.TryGetOptionalString(data, "clientMsgId", PayloadReader.MaxIdLength, out var clientMsgId)
            || types.Resolve(type) is not { } messageType)
        {
            return CommandReply.Fail(contentError ?? ClientErrors.InvalidFormat);
        }

        var result = await sends.SendAsync(roomId, new SendMessageRequest
        {
            Sender = session.UserRef,
            Content = content,
            Type = messageType,
            ClientMsgId = string.IsNullOrEmpty(clientMsgId) ? null : clientMsgId,
        });

        return result.Error == ChatError.None
            ? CommandReply.Ok(new MessageAck(result.MessageId!, result.Seq, result.Timestamp), ChatJsonContext.Default.MessageAck)
            : CommandReply.Fail(ClientErrors.From(result.Error));
    }

    public async Task<CommandReply> TypingAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!PayloadReader.TryGetRoomId(data, out var roomId))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var error = await typing.StartAsync(session, roomId, cancellationToken);
        return error == ChatError.None ? CommandReply.Success : CommandReply.Fail(ClientErrors.From(error));
    }

    public async Task<CommandReply> StopTypingAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!PayloadReader.TryGetRoomId(data, out var roomId))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var error = await typing.StopAsync(session, roomId, cancellationToken);
        return error == ChatError.None ? CommandReply.Success : CommandReply.Fail(ClientErrors.From(error));
    }
}
