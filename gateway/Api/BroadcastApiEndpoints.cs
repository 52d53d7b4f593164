using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Gateway.Api;

/// <summary>POST /api/broadcast: an event to every connection of every gateway (one stream message, encoded once per gateway).</summary>
public static class BroadcastApiEndpoints
{
    private const int MaxEventNameLength = 64;

    public static RouteGroupBuilder MapBroadcastApi(this RouteGroupBuilder api)
    {
        api.MapPost("/broadcast", BroadcastAsync)
            .Accepts<BroadcastRequest>("application/json")
            .Produces<SuccessAck>()
            .WithSummary("An event to every connected client");
        return api;
    }

    private static async Task<IResult> BroadcastAsync(HttpRequest request, IClusterClient client, IOptions<ApiOptions> options)
    {
        var (body, error) = await ApiBody<BroadcastRequest>.ReadAsync(request, ChatJsonContext.Default.BroadcastRequest, options.Value.MaxBodyBytes);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(body!.Event) || body.Event.Length > MaxEventNameLength || body.Data.ValueKind == JsonValueKind.Undefined)
        {
            return ApiResults.BadRequest(ClientErrors.InvalidFormat);
        }

        var stream = client.GetStreamProvider(ChatStreams.ProviderName).GetStream<BroadcastEvent>(ChatStreams.Broadcast());
        await stream.OnNextAsync(new BroadcastEvent { Event = body.Event, DataJson = body.Data.GetRawText() });
        return Results.Json(SuccessAck.Instance, ChatJsonContext.Default.SuccessAck);
    }
}
