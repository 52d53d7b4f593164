using System.Text.Json;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// Runs one client event for a session, whatever protocol carried it: rate limit, route by
/// event name, and turn failures into the protocol's error payloads.
/// </summary>
public sealed partial class ChatCommandDispatcher(
    RoomCommands rooms,
    MessageCommands messages,
    UserCommands users,
    ConversationCommands conversations,
    ClientEventRateLimiter rateLimiter,
    ILogger<ChatCommandDispatcher> logger)
{
    /// <summary>
    /// Events a session may run while it reads its next ones: messages, which reach their room's
    /// send queue before their first await, so their order is kept. Everything else (a join, say)
    /// waits for them, so a message never overtakes the membership change before it.
    /// </summary>
    public static bool CanOverlap(string eventName) => eventName == ClientEventNames.Message;

    public async Task<CommandReply> DispatchAsync(ChatSession session, string eventName, JsonElement data)
    {
        if (!rateLimiter.TryAcquire(session.User.Id))
        {
            return CommandReply.Fail(ClientErrors.RateLimited);
        }

        try
        {
            return eventName switch
            {
                ClientEventNames.JoinRoom => await rooms.JoinAsync(session, data),
                ClientEventNames.LeaveRoom => await rooms.LeaveAsync(session, data),
                ClientEventNames.CreateRoom => await rooms.CreateAsync(session, data),
                ClientEventNames.Invite => await rooms.InviteAsync(session, data),
                ClientEventNames.GetHistory => await rooms.GetHistoryAsync(session, data),
                ClientEventNames.Message => await messages.SendAsync(session, data),
                ClientEventNames.Typing => await messages.TypingAsync(session, data),
                ClientEventNames.StopTyping => await messages.StopTypingAsync(session, data),
                ClientEventNames.UpdateStatus => await users.UpdateStatusAsync(session, data),
                ClientEventNames.PrivateMessage => await conversations.SendAsync(session, data),
                ClientEventNames.GetConversations => await conversations.GetConversationsAsync(session, data),
                ClientEventNames.GetPrivateHistory => await conversations.GetHistoryAsync(session, data),
                ClientEventNames.MarkRead => await conversations.MarkReadAsync(session, data),
                ClientEventNames.Ping => users.Ping(session),
                _ => CommandReply.Fail(ClientErrors.UnknownEvent),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Grain timeouts, storage failures, silo loss: the request failed, the connection lives on.
            LogCommandFailed(logger, ex, eventName, session.Id);
            return CommandReply.Fail(ClientErrors.Unavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Client event {EventName} of session {SessionId} failed")]
    private static partial void LogCommandFailed(ILogger logger, Exception ex, string eventName, string sessionId);
}
