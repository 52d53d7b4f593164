using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Api;

/// <summary>
/// The HTTP API for operators and backend services: /api/stats is public, everything else needs the
/// X-Api-Key (<see cref="ChatPolicies.ServerApi"/>); all of it is rate limited per client address.
/// The endpoints live by area: <see cref="BroadcastApiEndpoints"/>, <see cref="RoomApiEndpoints"/>,
/// <see cref="RoomAdminApiEndpoints"/>, <see cref="UserApiEndpoints"/>, <see cref="OnlineUsersEndpoint"/>.
/// </summary>
public static class ServerApiEndpoints
{
    public const string ServiceUserId = "system";

    public static IEndpointRouteBuilder MapServerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireRateLimiting(HttpRateLimits.ServerApiPolicy).WithTags("server-api");
        api.MapGet("/stats", GetStatsAsync).Produces<StatsResponse>().WithSummary("Cluster counters (no key needed)");

        var secured = api.MapGroup(string.Empty).RequireAuthorization(ChatPolicies.ServerApi).WithServerApiErrors();
        secured.MapBroadcastApi();
        secured.MapRoomApi();
        secured.MapRoomAdminApi();
        secured.MapUserApi();
        secured.MapOnlineUsers();
        app.MapServerApiDocument();
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

    /// <summary>The JSON body, or null when it is missing, malformed or over the server API's body cap.</summary>
    internal static async Task<T?> ReadBodyAsync<T>(HttpRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class =>
        (await ApiBody<T>.ReadAsync(request, type, request.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes)).Value;
}
