using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.Backend;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Samples.RoomBot;

/// <summary>
/// Creates (or uses) its room, listens to the chat-events feed, greets, and answers the commands
/// posted in its room. Its own messages come back on the feed too: they are ignored.
/// </summary>
public sealed class RoomBot(ChatBackendClient chat, BotReplies replies, IOptions<RoomBotOptions> options, ILogger<RoomBot> logger) : BackgroundService
{
    private readonly RoomBotOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var roomId = _options.RoomId;
        var created = await chat.CreateRoomAsync(roomId, _options.RoomName);

        // A room someone else made is used as it is: the bot posts as a trusted service, member or not.
        if (created.Error is not (ChatError.None or ChatError.RoomExists))
        {
            logger.CreateFailed(roomId, created.Error);
            throw new InvalidOperationException($"Room {roomId} could not be created: {created.Error}.");
        }

        // Listen before greeting: whoever sees the greeting can be sure their command is heard.
        await using var subscription = await chat.SubscribeChatEventsAsync(chatEvent => AnswerAsync(roomId, chatEvent));
        if (!string.IsNullOrWhiteSpace(_options.Greeting))
        {
            await chat.PostToRoomAsync(roomId, _options.Greeting);
        }

        logger.Ready(chat.ServiceUser.Id, roomId);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the subscription is disposed on the way out.
        }
    }

    private async Task AnswerAsync(string roomId, ChatEvent chatEvent)
    {
        if (chatEvent is not { Kind: ChatEventKind.RoomMessage, RoomMessage: { } message } || message.RoomId != roomId
            || message.UserId == chat.ServiceUser.Id || replies.ReplyTo(message.Content) is not { } reply)
        {
            return;
        }

        // The message id as clientMsgId: a repeat of the event (a feed redelivery) is answered once.
        var result = await chat.PostToRoomAsync(roomId, reply, clientMsgId: "re:" + message.Id);
        logger.Answered(message.Content.Trim(), message.UserId, roomId, result.Error);
    }
}
