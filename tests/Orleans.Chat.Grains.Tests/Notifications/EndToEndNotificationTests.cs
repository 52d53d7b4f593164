using System.Diagnostics;
using Orleans.Chat.Model;
using Xunit.Abstractions;

namespace Orleans.Chat.Grains.Tests.Notifications;

/// <summary>
/// Messages sent through the grains (the chat-events feed on only because Notifications:WebhookUrl
/// is set) reach the webhook: a private message and a mention, each to an offline user.
/// </summary>
[Collection(ImmediateNotificationsCollection.Name)]
public sealed class EndToEndNotificationTests(ImmediateNotificationsCluster fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly WebhookReceiver _receiver = fixture.Receiver;

    [Fact]
    public async Task A_private_message_sent_through_the_grains_to_an_offline_user_calls_the_webhook()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var conversation = fixture.Client.GetGrain<IConversationGrain>(ConversationIds.For(alice.Id, bob.Id));

        var clock = Stopwatch.StartNew();
        var sent = await conversation.Send(new SendPrivateMessageRequest { Sender = alice, RecipientId = bob.Id, Content = "are you around?" });
        var acked = clock.Elapsed;
        var call = Assert.Single(await _receiver.WaitForAsync(bob.Id, 1, Patience));
        output.WriteLine($"send ack {acked.TotalMilliseconds:F0} ms; send to webhook call, Debounce 0: {clock.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(ChatError.None, sent.Error);
        var message = call.Json.GetProperty("message");
        Assert.Equal("private-message", call.Json.GetProperty("type").GetString());
        Assert.Equal((sent.MessageId, sent.ConversationId, sent.Seq), (message.GetProperty("id").GetString(), message.GetProperty("conversationId").GetString(), message.GetProperty("seq").GetInt64()));
        Assert.Equal(("are you around?", alice.Id, bob.Id), (message.GetProperty("content").GetString(), message.GetProperty("fromUserId").GetString(), message.GetProperty("toUserId").GetString()));
    }

    [Fact]
    public async Task A_room_message_mentioning_an_offline_member_calls_the_webhook()
    {
        var room = fixture.Client.GetGrain<IRoomGrain>(TestIds.Room());
        var (alice, carol) = (TestIds.UserRef("alice"), TestIds.UserRef("carol"));
        await room.Join(new JoinRoomRequest { User = alice });
        await room.Join(new JoinRoomRequest { User = carol });

        var sent = await room.Send(new SendMessageRequest { Sender = alice, Content = $"@{carol.Id} lunch?" });
        var call = Assert.Single(await _receiver.WaitForAsync(carol.Id, 1, Patience));

        Assert.Equal(ChatError.None, sent.Error);
        var message = call.Json.GetProperty("message");
        Assert.Equal("mention", call.Json.GetProperty("type").GetString());
        Assert.Equal((sent.MessageId, room.GetPrimaryKeyString(), sent.Seq), (message.GetProperty("id").GetString(), message.GetProperty("roomId").GetString(), message.GetProperty("seq").GetInt64()));
        await Task.Delay(300);
        Assert.Empty(_receiver.CallsFor(alice.Id));
    }
}
