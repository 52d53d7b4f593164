using System.Text.Json;
using Microsoft.Extensions.Options;
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

    public async Task<CommandReply> JoinAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!PayloadReader.TryGetRoomId(data, out var roomId) || !PayloadReader.TryGetOptionalLong(data, "sinceSeq", out var sinceSeq))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var ticket = await rooms.BeginJoinAsync(roomId, session);
        JoinRoomResult result;
        try
        {
            result = await grains.GetGrain<IRoomGrain>(roomId).Join(new JoinRoomRequest
            {
                User = session.UserRef,
                SinceSeq = sinceSeq,
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

        var ack = new JoinRoomAck(result.Room!, result.Members, ticket.NotYetDelivered(result.RecentMessages), result.LastSeq, result.Recovered, result.HasMore);
        return CommandReply.Ok(ack, ChatJsonContext.Default.JoinRoomAck,
            () => rooms.CompleteJoinAsync(ticket, session, result.LastSeq));
    }

    public async Task<CommandReply> LeaveAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!PayloadReader.TryGetRoomId(data, out var roomId))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var error = await grains.GetGrain<IRoomGrain>(roomId).Leave(session.User.Id, cancellationToken);
        if (error != ChatError.None)
        {
            return CommandReply.Fail(ClientErrors.From(error));
        }

        return CommandReply.Ok(SuccessAck.Instance, ChatJsonContext.Default.SuccessAck, () => rooms.RemoveAsync(roomId, session));
    }

    public async Task<CommandReply> CreateAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!PayloadReader.TryGetId(data, "roomId", out var roomId)
            || !PayloadReader.TryGetOptionalString(data, "name", MaxRoomNameLength, out var name)
            || !PayloadReader.TryGetOptionalString(data, "visibility", 16, out var visibility)
            || !PayloadReader.TryGetOptionalStringArray(data, "members", out var members))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        visibility ??= RoomVisibility.Public;
        if (!RoomVisibility.IsValid(visibility))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var result = await grains.GetGrain<IRoomGrain>(roomId).Create(new CreateRoomRequest
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
        if (!PayloadReader.TryGetId(data, "roomId", out var roomId) || !PayloadReader.TryGetId(data, "userId", out var userId))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var error = await grains.GetGrain<IRoomGrain>(roomId).Invite(session.User.Id, userId, cancellationToken);
        return error == ChatError.None ? CommandReply.Success : CommandReply.Fail(ClientErrors.From(error));
    }

    public async Task<CommandReply> GetHistoryAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!PayloadReader.TryGetRoomId(data, out var roomId)
            || !PayloadReader.TryGetOptionalLong(data, "beforeSeq", out var beforeSeq)
            || !PayloadReader.TryGetOptionalLong(data, "afterSeq", out var afterSeq)
            || !PayloadReader.TryGetOptionalLong(data, "limit", out var limit))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var result = await grains.GetGrain<IRoomGrain>(roomId).GetHistory(new HistoryRequest
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
}
