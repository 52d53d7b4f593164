using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Chat.Events;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Api;

/// <summary>
/// POST /api/users/{userId}/events, /messages and /disconnect: a backend service reaching every live
/// connection of a user on every gateway, through the user grain's push (one call, whatever the
/// number of gateways and connections).
/// </summary>
public static class UserApiEndpoints
{
    /// <summary>A WebSocket close reason is at most 123 bytes; leave room to spare.</summary>
    public const int MaxReasonBytes = 100;

    public static RouteGroupBuilder MapUserApi(this RouteGroupBuilder api)
    {
        api.MapPost("/users/{userId}/events", PostEventAsync)
            .Accepts<AppEventRequest>("application/json")
            .Produces<UserEventResponse>()
            .WithSummary("An app event (the server event named by `event`, payload `data`) to every live connection of the user");
        api.MapPost("/users/{userId}/messages", PostMessageAsync)
            .Accepts<UserMessageRequest>("application/json")
            .Produces<PrivateMessageAck>()
            .WithSummary("A private message from a service user (fromUserId, default \"system\")");
        api.MapPost("/users/{userId}/disconnect", DisconnectAsync)
            .Accepts<DisconnectRequest>("application/json")
            .Produces<DisconnectResponse>()
            .WithSummary("Closes every live connection of the user (native: close code 4002; Socket.IO: server disconnect)");
        return api;
    }

    private static async Task<IResult> PostEventAsync(string userId, HttpRequest request, AppEventBody events, IGrainFactory grains)
    {
        if (!IdentityText.TryNormalizeId(userId, out userId))
        {
            return ApiResults.BadRequest(ClientErrors.InvalidFormat);
        }

        var (appEvent, error) = await events.ReadAsync(request);
        if (error is not null)
        {
            return error;
        }

        var presence = await grains.PresenceOf(userId).GetPresence(userId);
        await grains.Reference<IUserGrain>(userId).Publish(new UserEvent { Kind = UserEventKind.AppEvent, UserId = userId, AppEvent = appEvent });
        return Results.Json(new UserEventResponse(presence.IsOnline), ChatJsonContext.Default.UserEventResponse);
    }

    private static async Task<IResult> PostMessageAsync(string userId, HttpRequest request, IGrainFactory grains, IOptions<LimitsOptions> limits, IOptions<ApiOptions> options)
    {
        var (body, error) = await ApiBody<UserMessageRequest>.ReadAsync(request, ChatJsonContext.Default.UserMessageRequest, options.Value.MaxBodyBytes);
        if (error is not null)
        {
            return error;
        }

        var senderId = ServerApiEndpoints.ServiceUserId;
        if (!IdentityText.TryNormalizeId(userId, out var recipientId) || string.IsNullOrWhiteSpace(body!.Content)
            || (body.FromUserId is not null && !IdentityText.TryNormalizeId(body.FromUserId, out senderId))
            || senderId == recipientId
            || body.Type?.Length > MessageCommands.MaxTypeLength
            || body.ClientMsgId?.Length > PayloadReader.MaxIdLength)
        {
            return ApiResults.BadRequest(ClientErrors.InvalidFormat);
        }

        if (body.Content.Length > limits.Value.MaxContentLength)
        {
            return ApiResults.BadRequest(ClientErrors.ContentTooLong);
        }

        // The client's send-private-message path: one conversation grain stores it, then both users' indexes push it.
        var conversationId = ConversationIds.For(senderId, recipientId);
        var result = await grains.Reference<IConversationGrain>(conversationId).Send(new SendPrivateMessageRequest
        {
            Sender = new UserRef { Id = senderId, Name = IdentityText.CleanName(body.FromUserName, senderId) },
            RecipientId = recipientId,
            Content = body.Content,
            Type = string.IsNullOrWhiteSpace(body.Type) ? "text" : body.Type,
            ClientMsgId = string.IsNullOrEmpty(body.ClientMsgId) ? null : body.ClientMsgId,
        }, request.HttpContext.RequestAborted);

        return result.Error == ChatError.None
            ? Results.Json(new PrivateMessageAck(result.MessageId!, conversationId, result.Seq, result.Timestamp, result.Delivered), ChatJsonContext.Default.PrivateMessageAck)
            : ApiResults.From(result.Error);
    }

    private static async Task<IResult> DisconnectAsync(string userId, HttpRequest request, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        // The body is optional: none (or an empty one) closes with the default reason.
        string? reason = null;
        if (request.ContentLength is not (null or 0) || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, error) = await ApiBody<DisconnectRequest>.ReadAsync(request, ChatJsonContext.Default.DisconnectRequest, options.Value.MaxBodyBytes);
            if (error is not null)
            {
                return error;
            }

            reason = string.IsNullOrWhiteSpace(body!.Reason) ? null : body.Reason;
        }

        if (!IdentityText.TryNormalizeId(userId, out userId)
            || (reason is not null && (Encoding.UTF8.GetByteCount(reason) > MaxReasonBytes || reason.Any(char.IsControl))))
        {
            return ApiResults.BadRequest(ClientErrors.InvalidFormat);
        }

        var presence = await grains.PresenceOf(userId).GetPresence(userId);
        await grains.Reference<IUserGrain>(userId).Publish(new UserEvent { Kind = UserEventKind.Disconnect, UserId = userId, Reason = reason });
        return Results.Json(new DisconnectResponse(presence.Connections), ChatJsonContext.Default.DisconnectResponse);
    }
}
