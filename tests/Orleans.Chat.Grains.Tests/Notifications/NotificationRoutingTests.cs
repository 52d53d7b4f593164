using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Notifications;

/// <summary>Who gets a notification: offline recipients of private messages, offline members mentioned in a room.</summary>
[Collection(ImmediateNotificationsCollection.Name)]
public sealed class NotificationRoutingTests(ImmediateNotificationsCluster fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly WebhookReceiver _receiver = fixture.Receiver;

    [Fact]
    public async Task A_user_with_a_live_connection_gets_nothing()
    {
        var (alice, online, offline) = (TestIds.UserRef("alice"), TestIds.UserRef("online"), TestIds.User("offline"));
        await TestPresence.Of(fixture.Client, online.Id).Connect(TestIds.Gateway(), online);

        await fixture.PublishAsync(ChatEvents.Private(alice, online.Id, "you are here"));
        await fixture.PublishAsync(ChatEvents.Private(alice, offline, "you are not"));

        // Both events share nothing but the path: once the offline one is through, the online one had its chance.
        await _receiver.WaitForAsync(offline, 1, Patience);
        await Task.Delay(300);
        Assert.Empty(_receiver.CallsFor(online.Id));
    }

    [Fact]
    public async Task Only_members_other_than_the_sender_are_notified_of_a_mention_once_per_message()
    {
        var room = TestIds.Room();
        var (alice, carol, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("carol"), TestIds.User("bob"));
        var grain = fixture.Client.GetGrain<IRoomGrain>(room);
        Assert.Equal(ChatError.None, (await grain.Join(new JoinRoomRequest { User = alice })).Error);
        Assert.Equal(ChatError.None, (await grain.Join(new JoinRoomRequest { User = carol })).Error);

        var mention = ChatEvents.Room(room, alice, $"hey @{bob} @{alice.Id} @{carol.Id}, see @{carol.Id}");
        await fixture.PublishAsync(mention);

        var call = Assert.Single(await _receiver.WaitForAsync(carol.Id, 1, Patience));
        var json = call.Json;
        Assert.Equal(("mention", carol.Id, 1), (json.GetProperty("type").GetString(), json.GetProperty("userId").GetString(), json.GetProperty("count").GetInt32()));
        var message = json.GetProperty("message");
        Assert.Equal((mention.RoomMessage!.Id, room, alice.Id), (message.GetProperty("id").GetString(), message.GetProperty("roomId").GetString(), message.GetProperty("userId").GetString()));
        Assert.Equal(mention.RoomMessage.Content, message.GetProperty("content").GetString());

        await Task.Delay(300);
        Assert.Single(_receiver.CallsFor(carol.Id));
        Assert.Empty(_receiver.CallsFor(bob));
        Assert.Empty(_receiver.CallsFor(alice.Id));
    }

    [Fact]
    public async Task A_message_to_oneself_and_a_mention_in_an_email_address_notify_nobody()
    {
        var room = TestIds.Room();
        var (alice, carol) = (TestIds.UserRef("alice"), TestIds.UserRef("carol"));
        var grain = fixture.Client.GetGrain<IRoomGrain>(room);
        await grain.Join(new JoinRoomRequest { User = alice });
        await grain.Join(new JoinRoomRequest { User = carol });

        await fixture.PublishAsync(ChatEvents.Private(alice, alice.Id, "note to self"));
        await fixture.PublishAsync(ChatEvents.Room(room, alice, $"write to x{'@'}{carol.Id}", seq: 1));
        await fixture.PublishAsync(ChatEvents.Room(room, alice, $"@{carol.Id}", seq: 2));

        var call = Assert.Single(await _receiver.WaitForAsync(carol.Id, 1, Patience));
        Assert.Equal($"@{carol.Id}", call.Json.GetProperty("message").GetProperty("content").GetString());
        await Task.Delay(300);
        Assert.Single(_receiver.CallsFor(carol.Id));
        Assert.Empty(_receiver.CallsFor(alice.Id));
    }
}
