using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Gateway.Extensions;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Tests.Extensions;

/// <summary>"who-am-i": everything a handler is given about its event, and a scoped service of its own DI scope.</summary>
public sealed class WhoAmIHandler(EventScopeMarker marker) : IChatEventHandler
{
    public async ValueTask<ChatEventResult> HandleAsync(ChatEventContext context, CancellationToken cancellationToken)
    {
        // A grain of the chat: handlers can read (and change) the cluster's state.
        var room = context.Payload.TryGetProperty("roomId", out var roomId)
            ? await context.Grains.GetGrain<IRoomGrain>(roomId.GetString()!).GetInfo()
            : null;
        return ChatEventResult.Ok(new
        {
            context.EventName,
            context.UserId,
            context.UserName,
            context.SessionId,
            Payload = context.Payload.Clone(),
            RoomName = room?.Name,
            ScopeId = marker.Id,
            SameScope = ReferenceEquals(context.Services.GetRequiredService<EventScopeMarker>(), marker),
        });
    }
}

/// <summary>A scoped service: a new one per event.</summary>
public sealed class EventScopeMarker
{
    public Guid Id { get; } = Guid.NewGuid();
}

/// <summary>"broken": a handler that fails.</summary>
public sealed class BrokenHandler : IChatEventHandler
{
    public ValueTask<ChatEventResult> HandleAsync(ChatEventContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the app's bug");
}
