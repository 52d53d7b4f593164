using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Commands.Requests;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>room-event: an app-defined event relayed to the room's other members, not stored.</summary>
public sealed class RoomEventCommands(IGrainFactory grains, RoomEventNames names, IOptions<LimitsOptions> limits)
{
    private const string NoData = "null";

    public async Task<CommandReply> RelayAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (!RequestReader.TryRead(data, ClientRequestJsonContext.Default.RoomEventPayload, out var request)
            || !IdentityText.TryNormalizeId(request.RoomId, out var roomId)
            || !names.IsValid(request.Event))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        if (!TryReadData(data, limits.Value.MaxRoomEventBytes, out var dataJson))
        {
            return CommandReply.Fail(ClientErrors.PayloadTooLarge);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var error = await grains.Reference<IRoomGrain>(roomId).Relay(session.UserRef, new AppRoomEvent { Name = request.Event!, DataJson = dataJson });
        return error == ChatError.None ? CommandReply.Success : CommandReply.Fail(ClientErrors.From(error));
    }

    /// <summary>
    /// The data's JSON text exactly as the client sent it (the protocol parsed it already, so it is
    /// valid JSON); "null" when absent. False when it is longer than <paramref name="maxBytes"/> bytes.
    /// </summary>
    internal static bool TryReadData(JsonElement payload, int maxBytes, out string dataJson)
    {
        dataJson = NoData;
        if (!payload.TryGetProperty("data", out var element))
        {
            return true;
        }

        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length > maxBytes)
        {
            return false;
        }

        dataJson = Encoding.UTF8.GetString(raw);
        return true;
    }
}
