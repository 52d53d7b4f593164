using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Hosting;
using Orleans.Chat.Model;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Chat.Grains.Tests;

/// <summary>The single-node "chat" storage keeps copies, checks ETags, and is shared by the silos of one cluster only.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class ProcessMemoryGrainStorageTests(StandardChatCluster fixture)
{
    private static readonly GrainId Room = GrainId.Create("room", "process-store");

    private DeepCopier Copier => fixture.Cluster.GetSiloServiceProvider().GetRequiredService<DeepCopier>();

    [Fact]
    public async Task A_write_is_a_copy_that_later_changes_do_not_reach()
    {
        var storage = NewStorage(out _);
        var written = new GrainState<RoomHistoryPage>(Page(1, 2));
        await storage.WriteStateAsync("history-0", Room, written);

        written.State!.Messages.Add(Message(3));
        var read = new GrainState<RoomHistoryPage>(new RoomHistoryPage());
        await storage.ReadStateAsync("history-0", Room, read);
        read.State!.Messages.Clear();
        var again = new GrainState<RoomHistoryPage>(new RoomHistoryPage());
        await storage.ReadStateAsync("history-0", Room, again);

        Assert.Equal([1L, 2L], again.State!.Messages.Select(message => message.Seq));
        Assert.True(again.RecordExists);
        Assert.Equal(written.ETag, again.ETag);
    }

    [Fact]
    public async Task A_write_or_clear_with_a_stale_etag_is_refused()
    {
        var storage = NewStorage(out _);
        var first = new GrainState<RoomHistoryPage>(Page(1));
        await storage.WriteStateAsync("history-0", Room, first);
        var stale = new GrainState<RoomHistoryPage>(Page(1, 2)) { ETag = null };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("history-0", Room, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("history-0", Room, stale));

        await storage.WriteStateAsync("history-0", Room, first);
        await storage.ClearStateAsync("history-0", Room, first);
        var read = new GrainState<RoomHistoryPage>(new RoomHistoryPage());
        await storage.ReadStateAsync("history-0", Room, read);
        Assert.False(read.RecordExists);
        Assert.Empty(read.State!.Messages);
    }

    [Fact]
    public async Task Silos_of_one_cluster_share_the_store_and_other_clusters_do_not()
    {
        var storage = NewStorage(out var key);
        await storage.WriteStateAsync("history-0", Room, new GrainState<RoomHistoryPage>(Page(1)));

        var sameCluster = new GrainState<RoomHistoryPage>(new RoomHistoryPage());
        await new ProcessMemoryGrainStorage(key, Copier).ReadStateAsync("history-0", Room, sameCluster);
        var otherCluster = new GrainState<RoomHistoryPage>(new RoomHistoryPage());
        await NewStorage(out _).ReadStateAsync("history-0", Room, otherCluster);

        Assert.Equal([1L], sameCluster.State!.Messages.Select(message => message.Seq));
        Assert.False(otherCluster.RecordExists);
    }

    private ProcessMemoryGrainStorage NewStorage(out string key)
    {
        key = ProcessMemoryGrainStorage.ClusterKey(new() { ServiceId = "tests", ClusterId = Guid.NewGuid().ToString("N") });
        return new ProcessMemoryGrainStorage(key, Copier);
    }

    private static RoomHistoryPage Page(params long[] seqs)
    {
        var page = new RoomHistoryPage();
        page.Messages.AddRange(seqs.Select(Message));
        return page;
    }

    private static ChatMessage Message(long seq) => new()
    {
        Id = $"m{seq}", RoomId = "process-store", Seq = seq, UserId = "ann", User = new UserRef { Id = "ann", Name = "Ann" },
        Content = $"hello {seq}", Type = "text", Timestamp = seq,
    };
}
