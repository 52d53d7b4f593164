using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Commands.Requests;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>private-message, get-conversations and get-private-history: the user's two-user conversations (mark-read: <see cref="ReadStateCommands"/>).</summary>
public sealed class ConversationCommands(IGrainFactory grains, IOptions<LimitsOptions> limits)
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 100;

    public async Task<CommandReply> SendAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        ErrorPayload? contentError = null;
        if (!PayloadReader.TryGetId(data, "targetUserId", out var targetUserId)
            || !MessageContent.TryRead(data, limits.Value.MaxContentLength, out var content, out contentError)
            || !PayloadReader.TryGetOptionalString(data, "type", MessageCommands.MaxTypeLength, out var type)
            || !PayloadReader.TryGetOptionalString(data, "clientMsgId", PayloadReader.MaxIdLength, out var clientMsgId))
        {
            return CommandReply.Fail(contentError ?? ClientErrors.InvalidFormat);
        }

        if (type == "system")
        {
            // System messages come from the server only.
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var conversationId = ConversationIds.For(session.User.Id, targetUserId);
        var result = await grains.Reference<IConversationGrain>(conversationId).Send(new SendPrivateMessageRequest
        {
            Sender = session.UserRef,
            RecipientId = targetUserId,
            Content = content,
            Type = string.IsNullOrWhiteSpace(type) ? "text" : type,
            ClientMsgId = string.IsNullOrEmpty(clientMsgId) ? null : clientMsgId,
        }, cancellationToken);

        return result.Error == ChatError.None
            ? CommandReply.Ok(
                new PrivateMessageAck(result.MessageId!, conversationId, result.Seq, result.Timestamp, result.Delivered),
                ChatJsonContext.Default.PrivateMessageAck)
            : CommandReply.Fail(ClientErrors.From(result.Error));
    }

    public async Task<CommandReply> GetConversationsAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        // No payload at all is fine; a payload must be an object.
        long? limit = null;
        if (data.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.ConversationsPayload, out var request)
                || !RequestReader.IsOptionalNonNegative(request.Limit))
            {
                return CommandReply.Fail(ClientErrors.InvalidFormat);
            }

            limit = request.Limit;
        }

        var conversations = await SessionSidebar.ConversationSummariesAsync(grains, session.User.Id, ClampLimit(limit), cancellationToken);
        return CommandReply.Ok(new ConversationsAck(conversations), ChatJsonContext.Default.ConversationsAck);
    }

    public async Task<CommandReply> GetHistoryAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.PrivateHistoryPayload, out var request)
            || !IdentityText.TryNormalizeId(request.WithUserId, out var withUserId)
            || !RequestReader.IsOptionalNonNegative(request.BeforeSeq)
            || !RequestReader.IsOptionalNonNegative(request.AfterSeq)
            || !RequestReader.IsOptionalNonNegative(request.Limit))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var (beforeSeq, afterSeq, limit) = (request.BeforeSeq, request.AfterSeq, request.Limit);

        var conversationId = ConversationIds.For(session.User.Id, withUserId);
        var result = await grains.Reference<IConversationGrain>(conversationId).GetHistory(new ConversationHistoryRequest
        {
            UserId = session.User.Id,
            BeforeSeq = beforeSeq,
            AfterSeq = afterSeq,
            Limit = ClampLimit(limit),
        }, cancellationToken);

        return result.Error == ChatError.None
            ? CommandReply.Ok(new PrivateHistoryAck(conversationId, result.LastSeq, result.Messages, result.LastChangeSeq), ChatJsonContext.Default.PrivateHistoryAck)
            : CommandReply.Fail(ClientErrors.From(result.Error));
    }

    private static int ClampLimit(long? limit) => (int)Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
}
