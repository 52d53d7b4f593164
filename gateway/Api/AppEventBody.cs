using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Api;

/// <summary>
/// The {event, data} body of the room and user event endpoints, checked like a client's room-event:
/// the name by Gateway:RoomEventPattern (400 invalid_format), the data at most Limits:MaxRoomEventBytes
/// of JSON (413 payload_too_large); no data is null.
/// </summary>
public sealed class AppEventBody(RoomEventNames names, IOptions<LimitsOptions> limits, IOptions<ApiOptions> api)
{
    public async Task<(AppRoomEvent? Event, IResult? Error)> ReadAsync(HttpRequest request)
    {
        var (body, error) = await ApiBody<AppEventRequest>.ReadAsync(request, ChatJsonContext.Default.AppEventRequest, api.Value.MaxBodyBytes);
        if (error is not null)
        {
            return (null, error);
        }

        if (!names.IsValid(body!.Event))
        {
            return (null, ApiResults.BadRequest(ClientErrors.InvalidFormat));
        }

        if (body.Data.ValueKind == JsonValueKind.Undefined)
        {
            return (new AppRoomEvent { Name = body.Event!, DataJson = "null" }, null);
        }

        var raw = JsonMarshal.GetRawUtf8Value(body.Data);
        return raw.Length > limits.Value.MaxRoomEventBytes
            ? (null, ApiResults.PayloadTooLarge)
            : (new AppRoomEvent { Name = body.Event!, DataJson = Encoding.UTF8.GetString(raw) }, null);
    }
}
