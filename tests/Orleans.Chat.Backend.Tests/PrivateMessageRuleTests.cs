using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Backend.Tests;

/// <summary>Private messages from a service user: stored in the two users' conversation, refused like the gateway's private-message.</summary>
[Collection(BackendClusterCollection.Name)]
public sealed class PrivateMessageRuleTests(BackendCluster cluster)
{
    [Fact]
    public async Task A_service_user_sends_a_private_message_stored_in_the_conversation()
    {
        var user = TestIds.User();
        var sent = await cluster.Backend.SendPrivateMessageAsync(user, "your export is ready", clientMsgId: "export-1");
        Assert.Equal(ChatError.None, sent.Error);

        var again = await cluster.Backend.SendPrivateMessageAsync(user, "your export is ready", clientMsgId: "export-1");
        Assert.True(again.Duplicate);

        var history = await Conversation(user).GetHistory(new ConversationHistoryRequest { UserId = user });
        var message = Assert.Single(history.Messages);
        Assert.Equal((BackendCluster.ServiceUserId, user, "your export is ready"), (message.FromUserId, message.ToUserId, message.Content));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u200Bghost")]
    [InlineData("bad\u0007bell")]
    [InlineData("  " + BackendCluster.ServiceUserId + " ")]
    [InlineData(BackendCluster.ServiceUserId)]
    public async Task Hostile_or_own_recipients_are_refused_and_nothing_is_stored(string recipient)
    {
        await RoomInputRuleTests.AssertRefusedAsync(() => cluster.Backend.SendPrivateMessageAsync(recipient, "hi"), ChatInputException.InvalidFormat);
        var self = await Conversation(BackendCluster.ServiceUserId).GetHistory(new ConversationHistoryRequest { UserId = BackendCluster.ServiceUserId });
        Assert.Empty(self.Messages);
    }

    [Fact]
    public async Task Content_type_and_client_ids_follow_the_gateway_limits_and_refusals_store_nothing()
    {
        var user = TestIds.User();
        await RoomInputRuleTests.AssertRefusedAsync(() => cluster.Backend.SendPrivateMessageAsync(user, "  "), ChatInputException.InvalidFormat);
        await RoomInputRuleTests.AssertRefusedAsync(() => cluster.Backend.SendPrivateMessageAsync(user, new string('x', BackendCluster.MaxContentLength + 1)), ChatInputException.ContentTooLong);
        await RoomInputRuleTests.AssertRefusedAsync(() => cluster.Backend.SendPrivateMessageAsync(user, "hi", type: new string('t', 33)), ChatInputException.InvalidFormat);
        await RoomInputRuleTests.AssertRefusedAsync(() => cluster.Backend.SendPrivateMessageAsync(user, "hi", clientMsgId: new string('c', 129)), ChatInputException.InvalidFormat);
        await RoomInputRuleTests.AssertRefusedAsync(() => cluster.Backend.SendPrivateMessageAsync(user, "hi", senderId: "a\u2029b"), ChatInputException.InvalidFormat);

        var history = await Conversation(user).GetHistory(new ConversationHistoryRequest { UserId = user });
        Assert.Equal((0L, 0), (history.LastSeq, history.Messages.Count));
    }

    private IConversationGrain Conversation(string user) =>
        cluster.Client.GetGrain<IConversationGrain>(ConversationIds.For(BackendCluster.ServiceUserId, user));
}
