using System.Text.Json;
using Orleans.Chat.Gateway.Calls;
using Orleans.Chat.Gateway.Extensions;
using Orleans.Chat.Gateway.Files;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>Routes a client event to its command by event name, whatever protocol carried it.</summary>
public sealed class ChatCommandDispatcher(
    RoomCommands rooms,
    MessageCommands messages,
    UserCommands users,
    ConversationCommands conversations,
    TokenCommands tokens,
    MessageChangeCommands changes,
    CallCommands calls,
    ReadStateCommands readState,
    ModerationCommands moderation,
    RoomEventCommands roomEvents,
    UploadCommands uploads,
    ChatEventHandlers appHandlers) : ICommandDispatcher
{
    /// <summary>
    /// Events a session may run while it reads its next ones: messages, which reach their room's
    /// send queue before their first await, so their order is kept. Everything else (a join, say)
    /// waits for them, so a message never overtakes the membership change before it. Upload chunks
    /// overlap too (see <see cref="UploadCommands.ChunkAsync"/>), at most
    /// <see cref="UploadCommands.MaxChunksInFlight"/> at once.
    /// </summary>
    public bool CanOverlap(string eventName) => eventName is ClientEventNames.Message or ClientEventNames.UploadChunk;

    public int OverlapLimit(string eventName) =>
        eventName == ClientEventNames.UploadChunk ? UploadCommands.MaxChunksInFlight : CommandPipeline.MaxOverlapping;

    public Task<CommandReply> DispatchAsync(ChatSession session, string eventName, JsonElement data, IEventBinary? binary, CancellationToken cancellationToken) => eventName switch
    {
        ClientEventNames.JoinRoom => rooms.JoinAsync(session, data, cancellationToken),
        ClientEventNames.LeaveRoom => rooms.LeaveAsync(session, data, cancellationToken),
        ClientEventNames.CreateRoom => rooms.CreateAsync(session, data, cancellationToken),
        ClientEventNames.Invite => rooms.InviteAsync(session, data, cancellationToken),
        ClientEventNames.GetHistory => rooms.GetHistoryAsync(session, data, cancellationToken),
        // No token: the room's send queue stores the sends of many sessions in one grain call.
        ClientEventNames.Message => messages.SendAsync(session, data),
        ClientEventNames.Typing => messages.TypingAsync(session, data, cancellationToken),
        ClientEventNames.StopTyping => messages.StopTypingAsync(session, data, cancellationToken),
        ClientEventNames.UpdateStatus => users.UpdateStatusAsync(session, data, cancellationToken),
        ClientEventNames.PrivateMessage => conversations.SendAsync(session, data, cancellationToken),
        ClientEventNames.GetConversations => conversations.GetConversationsAsync(session, data, cancellationToken),
        ClientEventNames.GetPrivateHistory => conversations.GetHistoryAsync(session, data, cancellationToken),
        ClientEventNames.MarkRead => readState.MarkReadAsync(session, data, cancellationToken),
        ClientEventNames.GetRooms => readState.GetRoomsAsync(session, data, cancellationToken),
        ClientEventNames.EditMessage => changes.EditAsync(session, data, cancellationToken),
        ClientEventNames.DeleteMessage => changes.DeleteAsync(session, data, cancellationToken),
        ClientEventNames.GetChanges => changes.GetChangesAsync(session, data, cancellationToken),
        ClientEventNames.SetRole => moderation.SetRoleAsync(session, data, cancellationToken),
        ClientEventNames.Kick => moderation.KickAsync(session, data, cancellationToken),
        ClientEventNames.UpdateRoom => moderation.UpdateRoomAsync(session, data, cancellationToken),
        ClientEventNames.RoomEvent => roomEvents.RelayAsync(session, data, cancellationToken),
        ClientEventNames.CallUser => calls.CallUserAsync(session, data, cancellationToken),
        ClientEventNames.CallAnswer => calls.AnswerAsync(session, data, cancellationToken),
        ClientEventNames.IceCandidate => calls.CandidateAsync(session, data, cancellationToken),
        ClientEventNames.CallReject => calls.RejectAsync(session, data, cancellationToken),
        ClientEventNames.CallEnd => calls.EndAsync(session, data, cancellationToken),
        ClientEventNames.Ping => Task.FromResult(users.Ping(session)),
        ClientEventNames.RefreshToken => Task.FromResult(tokens.Refresh(session, data)),
        ClientEventNames.UploadStart => uploads.StartAsync(session, data, cancellationToken),
        ClientEventNames.UploadChunk => uploads.ChunkAsync(session, data, binary, cancellationToken),
        ClientEventNames.UploadComplete => uploads.CompleteAsync(session, data, cancellationToken),
        ClientEventNames.UploadCancel => uploads.CancelAsync(session, data, cancellationToken),
        _ => RunAppHandlerAsync(session, eventName, data, cancellationToken),
    };

    /// <summary>An event of the app's own (see Extensions), or unknown_event.</summary>
    private async Task<CommandReply> RunAppHandlerAsync(ChatSession session, string eventName, JsonElement data, CancellationToken cancellationToken) =>
        await appHandlers.TryRunAsync(session, eventName, data, cancellationToken) ?? CommandReply.Fail(ClientErrors.UnknownEvent);
}
