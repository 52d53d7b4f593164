using System.Text.Json;
using Orleans.Chat.Gateway.Commands.Requests;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>mark-read (rooms and conversations) and get-rooms: the user's read state and room list.</summary>
public sealed class ReadStateCommands(IGrainFactory grains)
{
    private const int DefaultRoomsLimit = 100;

    // The user grain lists at most the user's rooms, which Limits:RoomsPerUser caps; this bounds the request itself.
    private const int MaxRoomsLimit = 100_000;

    public async Task<CommandReply> MarkReadAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.MarkReadPayload, out var request)
            || !MessageScope.TryRead(request, session.User.Id, out var scope)
            || request.Seq is not (>= 0 and var seq))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var error = scope.IsRoom
            ? await grains.Reference<IUserGrain>(session.User.Id).MarkRoomRead(scope.RoomId, seq)
            : await grains.Reference<IConversationGrain>(scope.ConversationId).MarkRead(session.UserRef, seq, cancellationToken);
        return error == ChatError.None ? CommandReply.Success : CommandReply.Fail(ClientErrors.From(error));
    }

    public async Task<CommandReply> GetRoomsAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        // No payload at all is fine; a payload must be an object.
        long? limit = null;
        if (data.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.RoomsPayload, out var request)
                || !RequestReader.IsOptionalNonNegative(request.Limit))
            {
                return CommandReply.Fail(ClientErrors.InvalidFormat);
            }

            limit = request.Limit;
        }

        var rooms = await grains.Reference<IUserGrain>(session.User.Id)
            .GetRoomSummaries((int)Math.Clamp(limit ?? DefaultRoomsLimit, 1, MaxRoomsLimit), cancellationToken);
        return CommandReply.Ok(new RoomsAck(rooms), ChatJsonContext.Default.RoomsAck);
    }
}
