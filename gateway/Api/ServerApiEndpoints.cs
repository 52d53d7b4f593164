using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Gateway.Api;

/// <summary>The HTTP API for operators and backend services.</summary>
public static class ServerApiEndpoints
{
    private const int MaxEventNameLength = 64;

    public static IEndpointRouteBuilder MapServerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireRateLimiting(HttpRateLimits.ServerApiPolicy);
        api.MapGet("/stats", GetStatsAsync);

        var secured = api.MapGroup(string.Empty).RequireAuthorization(ChatPolicies.ServerApi);
        secured.MapPost("/broadcast", BroadcastAsync);
        secured.MapPost("/rooms/{roomId}/messages", PostRoomMessageAsync);
        return app;
    }

    private static async Task<IResult> GetStatsAsync(ClusterStatsCache cache, SessionRegistry sessions, IOptions<GatewayOptions> gateway)
    {
        var stats = await cache.GetAsync();

        // This gateway's own count is exact; the others' come from their last heartbeat.
        var connections = sessions.ConnectionCount + stats.ConnectionsByGateway
            .Where(entry => entry.Key != gateway.Value.Id)
            .Sum(entry => entry.Value);
        return Results.Json(new StatsResponse(stats.OnlineUsers, stats.Rooms, connections), ChatJsonContext.Default.StatsResponse);
    }

    private static async Task<IResult> BroadcastAsync(HttpRequest request, IClusterClient client)
    {
        var body = await ReadBodyAsync(request, ChatJsonContext.Default.BroadcastRequest);
        if (body is null || string.IsNullOrWhiteSpace(body.Event) || body.Event.Length > MaxEventNameLength
            || body.Data.ValueKind == JsonValueKind.Undefined)
        {
            return BadRequest(ClientErrors.InvalidFormat);
        }

        var stream = client.GetStreamProvider(ChatStreams.ProviderName).GetStream<BroadcastEvent>(ChatStreams.Broadcast());
        await stream.OnNextAsync(new BroadcastEvent { Event = body.Event, DataJson = body.Data.GetRawText() });
        return Results.Json(SuccessAck.Instance, ChatJsonContext.Default.SuccessAck);
    }

    private static async Task<IResult> PostRoomMessageAsync(string roomId, HttpRequest request, IGrainFactory grains, IOptions<LimitsOptions> limits)
    {
        var body = await ReadBodyAsync(request, ChatJsonContext.Default.RoomMessageRequest);
        var senderId = "system";
        if (body is null || !IdentityText.TryNormalizeId(roomId, out roomId) || string.IsNullOrWhiteSpace(body.Content)
            || (body.UserId is not null && !IdentityText.TryNormalizeId(body.UserId, out senderId))
            || body.Type?.Length > MessageCommands.MaxTypeLength
            || body.ClientMsgId?.Length > PayloadReader.MaxIdLength)
        {
            return BadRequest(ClientErrors.InvalidFormat);
        }

        if (body.Content.Length > limits.Value.MaxContentLength)
        {
            return BadRequest(ClientErrors.ContentTooLong);
        }

        var room = grains.GetGrain<IRoomGrain>(roomId);
        if (await room.GetInfo() is null)
        {
            return Results.Json(new ErrorPayload("Room not found", "not_found"), ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status404NotFound);
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
            : BadRequest(ClientErrors.From(result.Error));
    }

    /// <summary>The JSON body, or null when it is missing or malformed.</summary>
    internal static async Task<T?> ReadBodyAsync<T>(HttpRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult BadRequest(ErrorPayload error) =>
        Results.Json(error, ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status400BadRequest);
}
