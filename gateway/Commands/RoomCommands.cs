using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Commands.Requests;
using Orleans.Chat.Gateway.Fanout;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>join-room, leave-room, create-room, invite and get-history.</summary>
public sealed class RoomCommands(IGrainFactory grains, RoomFanout rooms, IOptions<LimitsOptions> limits)
{
    private const int DefaultHistoryLimit = 50;
    private const int MaxHistoryLimit = 100;
    private const int MaxRoomNameLength = 200;
    private const int MaxInitialMembers = 10_000;

    public async Task<CommandReply> JoinAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        // A bare room id, or { roomId, sinceSeq?, sinceChangeSeq? }.
        long? sinceSeq = null;
        long? sinceChangeSeq = null;
        string roomId;
        if (data.ValueKind == JsonValueKind.String)
        {
            if (!PayloadReader.TryGetRoomId(data, out roomId))
            {
                return CommandReply.Fail(ClientErrors.InvalidFormat);
            }
        }
        else if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.JoinRoomPayload, out var request)
            || !IdentityText.TryNormalizeId(request.RoomId, out roomId)
            || !RequestReader.IsOptionalNonNegative(request.SinceSeq)
            || !RequestReader.IsOptionalNonNegative(request.SinceChangeSeq))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }
        else
        {
            sinceSeq = request.SinceSeq;
            sinceChangeSeq = request.SinceChangeSeq;
        }

        var ticket = await rooms.BeginJoinAsync(roomId, session);
        JoinRoomResult result;
        try
        {
            result = await grains.Reference<IRoomGrain>(roomId).Join(new JoinRoomRequest
            {
                User = session.UserRef,
                SinceSeq = sinceSeq,
                SinceChangeSeq = sinceChangeSeq,
                RecentLimit = limits.Value.RecentMessages,
                RecoveryLimit = limits.Value.RecoveryBatch,
            }, cancellationToken);
        }
        catch
        {
            await rooms.AbandonJoinAsync(ticket, session);
            throw;
        }

        if (result.Error != ChatError.None)
        {
            await rooms.AbandonJoinAsync(ticket, session);
            return CommandReply.Fail(ClientErrors.From(result.Error));
        }

        var ack = new JoinRoomAck(result.Room!, result.Members, ticket.NotYetDelivered(result.RecentMessages), result.LastSeq, result.Recovered, result.HasMore,
            result.LastChangeSeq, result.Changes.Count == 0 ? null : result.Changes, result.HasMoreChanges);
        return CommandReply.Ok(ack, ChatJsonContext.Default.JoinRoomAck,
            () => rooms.CompleteJoinAsync(ticket, session, result.LastSeq, result.LastChangeSeq));
    }

    public async Task<CommandReply> LeaveAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!PayloadReader.TryGetRoomId(data, out var roomId))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var error = await grains.Reference<IRoomGrain>(roomId).Leave(session.User.Id, cancellationToken);
        if (error != ChatError.None)
        {
            return CommandReply.Fail(ClientErrors.From(error));
        }

        return CommandReply.Ok(SuccessAck.Instance, ChatJsonContext.Default.SuccessAck, () => rooms.RemoveAsync(roomId, session));
    }

    public async Task<CommandReply> CreateAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.CreateRoomPayload, out var request)
            || !IdentityText.TryNormalizeId(request.RoomId, out var roomId)
            || request.Name is { Length: > MaxRoomNameLength }
            || !TryNormalizeIds(request.Members, out var members))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var name = request.Name;
        var visibility = request.Visibility ?? RoomVisibility.Public;
        if (!RoomVisibility.IsValid(visibility))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var result = await grains.Reference<IRoomGrain>(roomId).Create(new CreateRoomRequest
        {
            Owner = session.UserRef,
            Name = string.IsNullOrWhiteSpace(name) ? null : name,
            Visibility = visibility,
            Members = members,
        }, cancellationToken);

        if (result.Error != ChatError.None)
        {
            return CommandReply.Fail(ClientErrors.From(result.Error));
        }

        // The owner is a member of the new room: subscribe this connection right away.
        return CommandReply.Ok(new CreateRoomAck(result.Room!), ChatJsonContext.Default.CreateRoomAck,
            () => rooms.AddAsync(roomId, session));
    }

    public async Task<CommandReply> InviteAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.InvitePayload, out var request)
            || !IdentityText.TryNormalizeId(request.RoomId, out var roomId)
            || !IdentityText.TryNormalizeId(request.UserId, out var userId))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var error = await grains.Reference<IRoomGrain>(roomId).Invite(session.User.Id, userId, cancellationToken);
        return error == ChatError.None ? CommandReply.Success : CommandReply.Fail(ClientErrors.From(error));
    }

    public async Task<CommandReply> GetHistoryAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        // A bare room id, or { roomId, beforeSeq?, afterSeq?, limit? }.
        RoomHistoryPayload? request = null;
        string roomId;
        if (data.ValueKind == JsonValueKind.String
            ? !PayloadReader.TryGetRoomId(data, out roomId)
            : !RequestReader.TryRead(data, ClientRequestJsonContext.Default.RoomHistoryPayload, out request)
                || !IdentityText.TryNormalizeId(request.RoomId, out roomId)
                || !RequestReader.IsOptionalNonNegative(request.BeforeSeq)
                || !RequestReader.IsOptionalNonNegative(request.AfterSeq)
                || !RequestReader.IsOptionalNonNegative(request.Limit))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var (beforeSeq, afterSeq, limit) = (request?.BeforeSeq, request?.AfterSeq, request?.Limit);

        var result = await grains.Reference<IRoomGrain>(roomId).GetHistory(new HistoryRequest
        {
            UserId = session.User.Id,
            BeforeSeq = beforeSeq,
            AfterSeq = afterSeq,
            Limit = (int)Math.Clamp(limit ?? DefaultHistoryLimit, 1, MaxHistoryLimit),
        }, cancellationToken);

        return result.Error == ChatError.None
            ? CommandReply.Ok(new HistoryAck(result.Messages), ChatJsonContext.Default.HistoryAck)
            : CommandReply.Fail(ClientErrors.From(result.Error));
    }

    /// <summary>The invited members' ids in canonical form; false for a null, a non-id or more than the cap.</summary>
    private static bool TryNormalizeIds(string?[]? values, out List<string> ids)
    {
        ids = [];
        if (values is null)
        {
            return true;
        }

        if (values.Length > MaxInitialMembers)
        {
            return false;
        }

        foreach (var value in values)
        {
            if (!IdentityText.TryNormalizeId(value, out var id))
            {
                return false;
            }

            ids.Add(id);
        }

        return true;
    }
}
