using System.Text.Json;
using Orleans.Chat.Gateway.Commands.Requests;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>set-role, kick and update-room. The room grain checks who may do what; this checks the fields.</summary>
public sealed class ModerationCommands(IGrainFactory grains)
{
    public const int MaxRoomNameLength = 128;
    public const int MaxTopicLength = 512;

    public async Task<CommandReply> SetRoleAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.SetRolePayload, out var request)
            || !IdentityText.TryNormalizeId(request.RoomId, out var roomId)
            || !IdentityText.TryNormalizeId(request.UserId, out var userId)
            || !RoomRoles.IsAssignable(request.Role))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var error = await grains.Reference<IRoomGrain>(roomId).SetRole(session.User.Id, userId, request.Role!);
        return error == ChatError.None ? CommandReply.Success : CommandReply.Fail(ClientErrors.From(error));
    }

    public async Task<CommandReply> KickAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.KickPayload, out var request)
            || !IdentityText.TryNormalizeId(request.RoomId, out var roomId)
            || !IdentityText.TryNormalizeId(request.UserId, out var userId))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var error = await grains.Reference<IRoomGrain>(roomId).Kick(session.User.Id, userId);
        return error == ChatError.None ? CommandReply.Success : CommandReply.Fail(ClientErrors.From(error));
    }

    public async Task<CommandReply> UpdateRoomAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.UpdateRoomPayload, out var request)
            || !IdentityText.TryNormalizeId(request.RoomId, out var roomId)
            || !TryReadUpdate(request, out var update))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var result = await grains.Reference<IRoomGrain>(roomId).Update(session.User.Id, update);
        return result is { Error: ChatError.None, Room: { } room }
            ? CommandReply.Ok(new UpdateRoomAck(room), ChatJsonContext.Default.UpdateRoomAck)
            : CommandReply.Fail(ClientErrors.From(result.Error));
    }

    /// <summary>
    /// The name (1-128 characters) and the topic (at most 512; empty clears it), cleaned as display
    /// names are; at least one of the two.
    /// </summary>
    private static bool TryReadUpdate(UpdateRoomPayload request, out RoomUpdate update)
    {
        update = new RoomUpdate();
        if (request.Name is null && request.Topic is null)
        {
            return false;
        }

        string? name = null;
        if (request.Name is not null && (!IdentityText.TryCleanText(request.Name, MaxRoomNameLength, out name) || name.Length == 0))
        {
            return false;
        }

        string? topic = null;
        if (request.Topic is not null && !IdentityText.TryCleanText(request.Topic, MaxTopicLength, out topic))
        {
            return false;
        }

        update = new RoomUpdate { Name = name, Topic = topic };
        return true;
    }
}
