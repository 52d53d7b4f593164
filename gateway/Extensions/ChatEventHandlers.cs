using System.Collections.Frozen;
using System.Text.Json;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Extensions;

/// <summary>The app's event handlers by event name; runs one per event in a DI scope of its own.</summary>
public sealed class ChatEventHandlers(IEnumerable<ChatEventHandlerRegistration> registrations, IServiceScopeFactory scopes, IGrainFactory grains)
{
    private readonly FrozenDictionary<string, Type> _handlers =
        registrations.ToFrozenDictionary(registration => registration.EventName, registration => registration.HandlerType, StringComparer.Ordinal);

    public bool Handles(string eventName) => _handlers.ContainsKey(eventName);

    /// <summary>The handler's result as the event's ack; null when no handler has this name.</summary>
    public async Task<CommandReply?> TryRunAsync(ChatSession session, string eventName, JsonElement data, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(eventName, out var handlerType))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var handler = (IChatEventHandler)scope.ServiceProvider.GetRequiredService(handlerType);
        var context = new ChatEventContext(eventName, session.User.Id, session.User.Name, session.Id, data, scope.ServiceProvider, grains);
        var result = await handler.HandleAsync(context, cancellationToken)
            ?? throw new InvalidOperationException($"The handler of chat event '{eventName}' returned no result.");
        return result.IsSuccess
            ? CommandReply.Ok(new ExtensionAck(result.Payload), ChatJsonContext.Default.ExtensionAck)
            : CommandReply.Fail(new ErrorPayload(result.Message!, result.Code!));
    }
}
