using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

[Collection(ClientGatewayCollection.Name)]
public sealed class PrivateMessageTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task A_private_message_reaches_a_connected_user_live()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var received = new EventLog<PrivateMessage>();
        bob.PrivateMessage += received.Handler;

        var ack = await alice.SendPrivateMessageAsync(UserIdOf(bob), "psst");

        Assert.True(ack.Delivered);
        var message = await received.WaitForAsync(_ => true, "private-message at bob");
        Assert.Equal(ack.MessageId, message.Id);
        Assert.Equal("psst", message.Content);
        Assert.Equal(UserIdOf(alice), message.FromUserId);
        Assert.Equal(UserIdOf(alice), message.FromUser.Id);
        Assert.Equal(UserIdOf(bob), message.ToUserId);
    }

    [Fact]
    public async Task Private_messages_to_an_offline_user_arrive_as_pending_messages_on_connect()
    {
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var carolId = TestIds.User("carol");

        var first = await alice.SendPrivateMessageAsync(carolId, "while you were out");
        await alice.SendPrivateMessageAsync(carolId, "and another");
        Assert.False(first.Delivered);

        var carol = NewClient(carolId);
        var pending = new EventLog<IReadOnlyList<PrivateMessage>>();
        carol.PendingMessages += pending.Handler; // before connecting: the batch follows connected at once
        await carol.ConnectAsync();

        var batch = (await pending.WaitUntilAsync(p => p.Count == 1, "pending-messages"))[0];
        Assert.Equal(["while you were out", "and another"], batch.Select(m => m.Content));
        Assert.Equal(first.MessageId, batch[0].Id);
        Assert.All(batch, m => Assert.Equal(UserIdOf(alice), m.FromUser.Id));
    }
}
