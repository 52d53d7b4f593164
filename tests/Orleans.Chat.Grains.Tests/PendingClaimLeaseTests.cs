using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

[Collection(ShortLeaseClusterCollection.Name)]
public sealed class PendingClaimLeaseTests(ShortLeaseChatCluster fixture)
{
    [Fact]
    public async Task Unconfirmed_claim_passes_to_the_next_connection_once_its_lease_expires()
    {
        var (sender, recipient) = (TestIds.User("sender"), TestIds.User("recipient"));
        var inbox = fixture.Client.GetGrain<IUserGrain>(recipient.Id);
        await inbox.ReceivePrivateMessage(new SendPrivateMessageRequest { Sender = sender, Content = "one" });
        await inbox.ReceivePrivateMessage(new SendPrivateMessageRequest { Sender = sender, Content = "two" });

        var crashed = await inbox.ClaimPending("crashed-connection");
        Assert.Equal(2, crashed.Messages.Count);
        Assert.Empty((await inbox.ClaimPending("next-connection")).Messages);

        await Task.Delay(ShortLeaseChatCluster.PendingClaimLease + TimeSpan.FromMilliseconds(200));

        var next = await inbox.ClaimPending("next-connection");
        Assert.Equal(["one", "two"], next.Messages.Select(message => message.Content));

        // The late confirm of the lapsed claim changes nothing; the new holder's does.
        await inbox.ConfirmPending("crashed-connection", crashed.UpToQueueSeq);
        Assert.Equal(2, (await inbox.ClaimPending("next-connection")).Messages.Count);
        await inbox.ConfirmPending("next-connection", next.UpToQueueSeq);
        Assert.Empty((await inbox.ClaimPending("third-connection")).Messages);
    }
}
