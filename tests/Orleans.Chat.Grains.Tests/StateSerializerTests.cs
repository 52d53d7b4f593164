using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Hosting;
using Orleans.Chat.Model;
using Orleans.Storage;

namespace Orleans.Chat.Grains.Tests;

/// <summary>Chat state is written in Orleans' binary format, and JSON written by earlier builds still reads.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class StateSerializerTests(StandardChatCluster fixture)
{
    private IServiceProvider Silo => fixture.Cluster.GetSiloServiceProvider();

    [Fact]
    public void Pages_round_trip_in_binary()
    {
        var serializer = ChatSiloBuilderExtensions.BinaryWithJsonFallback(Silo);
        var page = Page(3);

        var data = serializer.Serialize(page);
        var read = serializer.Deserialize<RoomHistoryPage>(data);

        Assert.NotEqual((byte)'{', data.ToMemory().Span[0]);
        Assert.Equal(page.Messages.Select(message => (message.Seq, message.Content, message.User?.Name)), read!.Messages.Select(message => (message.Seq, message.Content, message.User?.Name)));
    }

    [Fact]
    public void State_written_as_json_by_earlier_builds_is_read()
    {
        var json = Silo.GetRequiredService<IGrainStorageSerializer>();
        var room = new RoomState { Exists = true, Name = "lobby", Visibility = RoomVisibility.Private, OwnerId = "ann", HeadPage = 4 };
        room.Members["ann"] = "Ann";
        room.Invited.Add("bob");

        var readRoom = ChatSiloBuilderExtensions.BinaryWithJsonFallback(Silo).Deserialize<RoomState>(json.Serialize(room));
        var readPage = ChatSiloBuilderExtensions.BinaryWithJsonFallback(Silo).Deserialize<RoomHistoryPage>(json.Serialize(Page(2)));

        Assert.Equal((byte)'{', json.Serialize(room).ToMemory().Span[0]);
        Assert.Equal(("lobby", "ann", 4L, "Ann"), (readRoom!.Name, readRoom.OwnerId, readRoom.HeadPage, readRoom.Members["ann"]));
        Assert.Contains("bob", readRoom!.Invited);
        Assert.Equal([1L, 2L], readPage!.Messages.Select(message => message.Seq));
    }

    private static RoomHistoryPage Page(int count)
    {
        var page = new RoomHistoryPage();
        for (var seq = 1; seq <= count; seq++)
        {
            var user = new UserRef { Id = "ann", Name = "Ann" };
            page.Messages.Add(new ChatMessage { Id = $"m{seq}", RoomId = "lobby", Seq = seq, UserId = user.Id, User = user, Content = $"hello {seq}", Type = "text", Timestamp = 1_700_000_000_000 + seq });
        }

        return page;
    }
}
