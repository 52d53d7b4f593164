using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Chat.Events;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// A gateway has one receiver for all its users: each user grain's events must name the user, or the
/// gateway could not tell whose sessions they are for.
/// </summary>
[Collection(StandardClusterCollection.Name)]
public sealed class UserEventReceiverTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task One_receiver_for_two_users_gets_each_users_events_under_that_users_id_across_activations()
    {
        var (alice, bob, carol) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"), TestIds.UserRef("carol"));
        var gateway = ChatClusterFixture.RenewedGateway();
        await using var receiver = UserEventRecorder.Create(_client);
        await TestPresence.Of(_client, bob.Id).Connect(gateway, bob, receiver.Reference);
        await TestPresence.Of(_client, carol.Id).Connect(gateway, carol, receiver.Reference);

        await SendAsync(alice, bob, "for bob");
        await SendAsync(alice, carol, "for carol");
        var events = await receiver.WaitUntilAsync(received => received.Count >= 2, "both private messages");
        Assert.Equal(
            [(bob.Id, "for bob"), (carol.Id, "for carol")],
            events.Select(e => (e.UserId, e.PrivateMessage!.Content)).Order());
        Assert.All(events, e => Assert.Equal(e.UserId, e.PrivateMessage!.ToUserId));

        // Bob's grain goes: his next activation finds the receiver through his presence partition.
        await fixture.Cluster.DeactivateAsync(_client.GetGrain<IUserGrain>(bob.Id));
        await SendAsync(alice, bob, "still for bob");
        await receiver.WaitForAsync(e => e.UserId == bob.Id && e.PrivateMessage?.Content == "still for bob", "bob's next message");

        await TestPresence.Of(_client, bob.Id).Disconnect(gateway);
        await TestPresence.Of(_client, carol.Id).Disconnect(gateway);
        ChatClusterFixture.StopRenewing(gateway);
    }

    private Task<SendPrivateMessageResult> SendAsync(UserRef from, UserRef to, string content) =>
        _client.GetGrain<IConversationGrain>(ConversationIds.For(from.Id, to.Id))
            .Send(new SendPrivateMessageRequest { Sender = from, RecipientId = to.Id, Content = content });
}
