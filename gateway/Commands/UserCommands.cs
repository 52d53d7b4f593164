using System.Text.Json;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>update-status and ping.</summary>
public sealed class UserCommands(IGrainFactory grains, TimeProvider time)
{
    public async Task<CommandReply> UpdateStatusAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        var status = PayloadReader.TryReadText(data, out var text) ? text
            : PayloadReader.TryGetString(data, "status", out var value) ? value : null;
        if (!PresenceStatus.IsSettableByClient(status))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var error = await grains.Reference<IUserGrain>(session.User.Id).SetStatus(status!, cancellationToken);
        return error == ChatError.None ? CommandReply.Success : CommandReply.Fail(ClientErrors.From(error));
    }

    public CommandReply Ping(ChatSession session)
    {
        session.Enqueue(new OutboundEvent(ServerEventNames.Pong, new PongEvent(time.GetUtcNow().ToUnixTimeMilliseconds()), ChatJsonContext.Default.PongEvent));
        return CommandReply.Success;
    }
}
