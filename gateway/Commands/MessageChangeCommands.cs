using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Commands.Requests;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>edit-message, delete-message and get-changes, in rooms and in two-user conversations.</summary>
public sealed class MessageChangeCommands(IGrainFactory grains, IOptions<LimitsOptions> limits)
{
    private const int MaxChangesLimit = 100;

    public async Task<CommandReply> EditAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        ErrorPayload? contentError = null;
        if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.EditMessagePayload, out var request)
            || !MessageScope.TryRead(request, session.User.Id, out var scope)
            || request.Seq is not (>= 0 and var seq)
            || !MessageContent.TryRead(data, limits.Value.MaxContentLength, out var content, out contentError))
        {
            return CommandReply.Fail(contentError ?? ClientErrors.InvalidFormat);
        }

        var edit = new EditMessageRequest { User = session.UserRef, Seq = seq, Content = content };
        cancellationToken.ThrowIfCancellationRequested();
        var result = scope.IsRoom
            ? await grains.Reference<IRoomGrain>(scope.RoomId).Edit(edit)
            : await grains.Reference<IConversationGrain>(scope.ConversationId).Edit(edit);

        return result is { Error: ChatError.None, Change: { } change }
            ? CommandReply.Ok(new EditMessageAck(change.ChangedAt, change.ChangeSeq), ChatJsonContext.Default.EditMessageAck)
            : CommandReply.Fail(ClientErrors.From(result.Error));
    }

    public async Task<CommandReply> DeleteAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.DeleteMessagePayload, out var request)
            || !MessageScope.TryRead(request, session.User.Id, out var scope)
            || request.Seq is not (>= 0 and var seq))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var delete = new DeleteMessageRequest { User = session.UserRef, Seq = seq };
        cancellationToken.ThrowIfCancellationRequested();
        var result = scope.IsRoom
            ? await grains.Reference<IRoomGrain>(scope.RoomId).Delete(delete)
            : await grains.Reference<IConversationGrain>(scope.ConversationId).Delete(delete);

        return result is { Error: ChatError.None, Change: { } change }
            ? CommandReply.Ok(new DeleteMessageAck(change.ChangeSeq), ChatJsonContext.Default.DeleteMessageAck)
            : CommandReply.Fail(ClientErrors.From(result.Error));
    }

    public async Task<CommandReply> GetChangesAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.ChangesPayload, out var request)
            || !MessageScope.TryRead(request, session.User.Id, out var scope)
            || request.SinceChangeSeq is not (>= 0 and var sinceChangeSeq)
            || !RequestReader.IsOptionalNonNegative(request.Limit))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var changes = new ChangesRequest
        {
            UserId = session.User.Id,
            SinceChangeSeq = sinceChangeSeq,
            Limit = (int)Math.Clamp(request.Limit ?? MaxChangesLimit, 1, MaxChangesLimit),
        };
        cancellationToken.ThrowIfCancellationRequested();
        if (scope.IsRoom)
        {
            var room = await grains.Reference<IRoomGrain>(scope.RoomId).GetChanges(changes);
            return room.Error == ChatError.None
                ? CommandReply.Ok(new RoomChangesAck(room.Messages, room.LastChangeSeq, room.HasMore), ChatJsonContext.Default.RoomChangesAck)
                : CommandReply.Fail(ClientErrors.From(room.Error));
        }

        var conversation = await grains.Reference<IConversationGrain>(scope.ConversationId).GetChanges(changes);
        return conversation.Error == ChatError.None
            ? CommandReply.Ok(new ConversationChangesAck(conversation.Messages, conversation.LastChangeSeq, conversation.HasMore), ChatJsonContext.Default.ConversationChangesAck)
            : CommandReply.Fail(ClientErrors.From(conversation.Error));
    }
}
