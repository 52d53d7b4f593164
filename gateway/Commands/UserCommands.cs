using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>update-status, private-message and ping.</summary>
public sealed class UserCommands(IGrainFactory grains, IOptions<LimitsOptions> limits, TimeProvider time)
{
    public async Task<CommandReply> UpdateStatusAsync(ChatSession session, JsonElement data)
    {
        var status = PayloadReader.TryReadText(data, out var text) ? text
            : PayloadReader.TryGetString(data, "status", out var value) ? value : null;
        if (!PresenceStatus.IsSettableByClient(status))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var error = await grains.GetGrain<IPresenceGrain>(session.User.Id).SetStatus(status!);
        return error == ChatError.None ? CommandReply.Success : CommandReply.Fail(ClientErrors.From(error));
    }

    public async Task<CommandReply> SendPrivateAsync(ChatSession session, JsonElement data)
    {
        ErrorPayload? contentError = null;
        if (!PayloadReader.TryGetId(data, "targetUserId", out var targetUserId)
            || !MessageContent.TryRead(data, limits.Value.MaxContentLength, out var content, out contentError)
            || !PayloadReader.TryGetOptionalString(data, "clientMsgId", PayloadReader.MaxIdLength, out var clientMsgId))
        {
            return CommandReply.Fail(contentError ?? ClientErrors.InvalidFormat);
        }

        var result = await grains.GetGrain<IUserGrain>(targetUserId).ReceivePrivateMessage(new SendPrivateMessageRequest
        {
            Sender = session.UserRef,
            Content = content,
            ClientMsgId = string.IsNullOrEmpty(clientMsgId) ? null : clientMsgId,
        });

        return result.Error == ChatError.None
            ? CommandReply.Ok(new PrivateMessageAck(result.MessageId!, result.Delivered), ChatJsonContext.Default.PrivateMessageAck)
            : CommandReply.Fail(ClientErrors.From(result.Error));
    }

    public CommandReply Ping(ChatSession session)
    {
        session.Enqueue(new OutboundEvent(ServerEventNames.Pong, new PongEvent(time.GetUtcNow().ToUnixTimeMilliseconds()), ChatJsonContext.Default.PongEvent));
        return CommandReply.Success;
    }
}
