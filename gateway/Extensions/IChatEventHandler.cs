namespace Orleans.Chat.Gateway.Extensions;

/// <summary>
/// An app's own client event, handled in the gateway (register it with
/// <see cref="ChatEventHandlerServiceCollectionExtensions.AddChatEventHandler{THandler}"/>). Its result is
/// the event's ack. Resolved from a DI scope of its own per event, so it may take scoped services.
/// </summary>
public interface IChatEventHandler
{
    /// <summary>
    /// Handles one event of the session's user. Events of one connection run one at a time, in order,
    /// and count against Limits:EventsPerMinute like any other. An exception answers the client
    /// <c>unavailable</c> and is logged; the connection stays open.
    /// </summary>
    ValueTask<ChatEventResult> HandleAsync(ChatEventContext context, CancellationToken cancellationToken);
}
