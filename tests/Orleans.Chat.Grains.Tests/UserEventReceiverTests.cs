using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Chat.Events;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// A gateway subscribes all its users with one observer reference: each user grain's events and its
/// going must name the user, or the gateway could not tell whose sessions they are for.
/// </summary>
[Collection(StandardClusterCollection.Name)]
public sealed class UserEventReceiverTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task One_receiver_subscribed_to_two_users_gets_each_users_events_and_going_under_that_users_id()
    {
        var (alice, bob, carol) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"), TestIds.UserRef("carol"));
        await using var receiver = UserEventRecorder.Create(_client);
        Assert.False(await _client.GetGrain<IUserGrain>(bob.Id).Subscribe(receiver.Reference, ChatClusterFixture.TestGateway));
        Assert.False(await _client.GetGrain<IUserGrain>(carol.Id).Subscribe(receiver.Reference, ChatClusterFixture.TestGateway));

        await SendAsync(alice, bob, "for bob");
        await SendAsync(alice, carol, "for carol");
        var events = await receiver.WaitUntilAsync(received => received.Count >= 2, "both private messages");
        Assert.Equal(
            [(bob.Id, "for bob"), (carol.Id, "for carol")],
            events.Select(e => (e.UserId, e.PrivateMessage!.Content)).Order());
        Assert.All(events, e => Assert.Equal(e.UserId, e.PrivateMessage!.ToUserId));

        // Bob's grain goes: the receiver hears it for bob alone, and carol's subscription still delivers.
        await fixture.Cluster.DeactivateAsync(_client.GetGrain<IUserGrain>(bob.Id));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.EndedFor.Contains(bob.Id)), what: "bob's subscription to end");
        Assert.Equal([bob.Id], receiver.EndedFor);
        await SendAsync(alice, carol, "still for carol");
        await receiver.WaitForAsync(e => e.UserId == carol.Id && e.PrivateMessage?.Content == "still for carol", "carol's next message");
    }

    private Task<SendPrivateMessageResult> SendAsync(UserRef from, UserRef to, string content) =>
        _client.GetGrain<IConversationGrain>(ConversationIds.For(from.Id, to.Id))
            .Send(new SendPrivateMessageRequest { Sender = from, RecipientId = to.Id, Content = content });
}
