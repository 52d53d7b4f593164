using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>message, typing and stop-typing.</summary>
public sealed partial class MessageCommands(IGrainFactory grains, RoomSendQueues sends, ClientMessageTypes types, IOptions<LimitsOptions> limits, TimeProvider time, ILogger<MessageCommands> logger)
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

    public async Task<CommandReply> TypingAsync(ChatSession session, JsonElement data)
    {
        if (!PayloadReader.TryGetRoomId(data, out var roomId))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var timeout = limits.Value.TypingTimeout;
        if (!session.Typing.Start(roomId, timeout, () => time.CreateTimer(_ => OnTypingTimedOut(session, roomId), null, timeout, Timeout.InfiniteTimeSpan)))
        {
            return CommandReply.Success; // already typing: the timer was restarted, nothing to tell the room
        }

        ChatError error;
        try
        {
            error = await grains.GetGrain<IRoomGrain>(roomId).SetTyping(session.UserRef, typing: true);
        }
        catch
        {
            session.Typing.Stop(roomId);
            throw;
        }

        if (error != ChatError.None)
        {
            session.Typing.Stop(roomId);
            return CommandReply.Fail(ClientErrors.From(error));
        }

        return CommandReply.Success;
    }

    public async Task<CommandReply> StopTypingAsync(ChatSession session, JsonElement data)
    {
        if (!PayloadReader.TryGetRoomId(data, out var roomId))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        if (session.Typing.Stop(roomId))
        {
            var error = await grains.GetGrain<IRoomGrain>(roomId).SetTyping(session.UserRef, typing: false);
            if (error != ChatError.None)
            {
                return CommandReply.Fail(ClientErrors.From(error));
            }
        }

        return CommandReply.Success;
    }

    /// <summary>Tells the rooms a closing session was typing in that it stopped.</summary>
    public async Task StopAllTypingAsync(ChatSession session)
    {
        foreach (var roomId in session.Typing.StopAll())
        {
            await TellStoppedTypingAsync(session, roomId);
        }
    }

    private void OnTypingTimedOut(ChatSession session, string roomId)
    {
        if (session.Typing.Stop(roomId))
        {
            _ = TellStoppedTypingAsync(session, roomId);
        }
    }

    private async Task TellStoppedTypingAsync(ChatSession session, string roomId)
    {
        try
        {
            await grains.GetGrain<IRoomGrain>(roomId).SetTyping(session.UserRef, typing: false);
        }
        catch (Exception ex)
        {
            LogStopTypingFailed(logger, ex, roomId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling room {RoomId} that a user stopped typing failed")]
    private static partial void LogStopTypingFailed(ILogger logger, Exception ex, string roomId);
}
