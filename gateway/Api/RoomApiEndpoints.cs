using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Api;

/// <summary>POST /api/rooms/{roomId}/messages and /events: what a backend service says in a room.</summary>
public static class RoomApiEndpoints
{
    public static RouteGroupBuilder MapRoomApi(this RouteGroupBuilder api)
    {
        api.MapPost("/rooms/{roomId}/messages", PostMessageAsync)
            .Accepts<RoomMessageRequest>("application/json")
            .Produces<MessageAck>()
            .WithSummary("A stored message in a room from a service user (no membership needed)");
        api.MapPost("/rooms/{roomId}/events", PostEventAsync)
            .Accepts<AppEventRequest>("application/json")
            .Produces<SuccessAck>()
            .WithSummary("An app event (room-event, userId \"system\") to every member's connections; nothing is stored");
        return api;
    }

    private static async Task<IResult> PostMessageAsync(string roomId, HttpRequest request, IGrainFactory grains, IOptions<LimitsOptions> limits, IOptions<ApiOptions> options)
    {
        var (body, error) = await ApiBody<RoomMessageRequest>.ReadAsync(request, ChatJsonContext.Default.RoomMessageRequest, options.Value.MaxBodyBytes);
        if (error is not null)
        {
            return error;
        }

        var senderId = ServerApiEndpoints.ServiceUserId;
        if (!IdentityText.TryNormalizeId(roomId, out roomId) || string.IsNullOrWhiteSpace(body!.Content)
            || (body.UserId is not null && !IdentityText.TryNormalizeId(body.UserId, out senderId))
            || body.Type?.Length > MessageCommands.MaxTypeLength
            || body.ClientMsgId?.Length > PayloadReader.MaxIdLength)
        {
            return ApiResults.BadRequest(ClientErrors.InvalidFormat);
        }

        if (body.Content.Length > limits.Value.MaxContentLength)
        {
            return ApiResults.BadRequest(ClientErrors.ContentTooLong);
        }

        var room = grains.Reference<IRoomGrain>(roomId);
        if (await room.GetInfo() is null)
        {
            return ApiResults.NotFound(ApiResults.RoomNotFound);
        }

        var result = await room.Send(new SendMessageRequest
        {
            Sender = new UserRef { Id = senderId, Name = IdentityText.CleanName(body.UserName, senderId) },
            Content = body.Content,
            Type = string.IsNullOrWhiteSpace(body.Type) ? "text" : body.Type,
            ClientMsgId = body.ClientMsgId,
            BypassMembership = true,
        });

        return result.Error == ChatError.None
            ? Results.Json(new MessageAck(result.MessageId!, result.Seq, result.Timestamp), ChatJsonContext.Default.MessageAck)
            : ApiResults.BadRequest(ClientErrors.From(result.Error));
    }

    private static async Task<IResult> PostEventAsync(string roomId, HttpRequest request, AppEventBody events, IGrainFactory grains)
    {
        if (!IdentityText.TryNormalizeId(roomId, out roomId))
        {
            return ApiResults.BadRequest(ClientErrors.InvalidFormat);
        }

        var (appEvent, error) = await events.ReadAsync(request);
        if (error is not null)
        {
            return error;
        }

        var service = new UserRef { Id = ServerApiEndpoints.ServiceUserId, Name = ServerApiEndpoints.ServiceUserId };
        var result = await grains.Reference<IRoomServiceGrain>(roomId).RelayAsService(service, appEvent!);
        return result == ChatError.None ? Results.Json(SuccessAck.Instance, ChatJsonContext.Default.SuccessAck) : ApiResults.From(result, ApiResults.RoomNotFound);
    }
}
