using Orleans.Chat.Events;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Backend.Tests;

/// <summary>Room calls refuse what the gateway refuses, with its codes, before any grain is called: nothing is stored or relayed.</summary>
[Collection(BackendClusterCollection.Name)]
public sealed class RoomInputRuleTests(BackendCluster cluster)
{
    /// <summary>
    /// Ids the gateway refuses: blank, control, bidi, zero-width, separators, a lone surrogate, too long.
    /// By name: xunit would turn a lone surrogate in theory data into U+FFFD on its way to the test.
    /// </summary>
    private static readonly Dictionary<string, string> Hostile = new()
    {
        ["empty"] = "",
        ["blank"] = "   ",
        ["nul"] = "a\u0000b",
        ["newline"] = "a\nb",
        ["bidi-override"] = "evil\u202Eexe",
        ["zero-width"] = "zero\u200Bwidth",
        ["line-separator"] = "line\u2028sep",
        ["lone-high-surrogate"] = "half\ud800",
        ["lone-low-surrogate"] = "\udc00",
        ["129-chars"] = new string('x', 129),
        ["5000-chars"] = new string('x', 5000),
    };

    public static TheoryData<string> HostileIds => new(Hostile.Keys);

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task Hostile_room_and_sender_ids_are_refused_and_nothing_is_written(string kind)
    {
        var id = Hostile[kind];
        var room = await NewRoomAsync();
        await AssertRefusedAsync(() => cluster.Backend.PostToRoomAsync(id, "hello"), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.PostToRoomAsync(room, "hello", senderId: id), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.CreateRoomAsync(id), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.CreateRoomAsync(TestIds.Room(), members: ["ok-user", id]), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.RelayRoomEventAsync(id, "ping"), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.GetRoomHistoryAsync(id), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.SendPrivateMessageAsync(id, "hello"), ChatInputException.InvalidFormat);

        Assert.Equal(0, (await History(room)).LastSeq);
    }

    [Fact]
    public async Task Content_must_be_non_blank_and_within_the_limit_and_types_and_client_ids_within_theirs()
    {
        var room = await NewRoomAsync();
        await AssertRefusedAsync(() => cluster.Backend.PostToRoomAsync(room, ""), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.PostToRoomAsync(room, " \n\t "), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.PostToRoomAsync(room, new string('x', BackendCluster.MaxContentLength + 1)), ChatInputException.ContentTooLong);
        await AssertRefusedAsync(() => cluster.Backend.PostToRoomAsync(room, "hi", type: new string('t', 33)), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.PostToRoomAsync(room, "hi", clientMsgId: new string('c', 129)), ChatInputException.InvalidFormat);
        Assert.Equal(0, (await History(room)).LastSeq);

        // At the limits it is accepted, as the gateway accepts it.
        var posted = await cluster.Backend.PostToRoomAsync(room, new string('x', BackendCluster.MaxContentLength), type: new string('t', 32), clientMsgId: new string('c', 128));
        Assert.Equal(ChatError.None, posted.Error);
        var stored = Assert.Single((await History(room)).Messages);
        Assert.Equal((BackendCluster.ServiceUserId, "Service bot", new string('t', 32)), (stored.UserId, stored.User.Name, stored.Type));
    }

    [Fact]
    public async Task A_service_posts_without_being_a_member_but_never_into_a_room_that_does_not_exist()
    {
        var room = await NewRoomAsync();
        var posted = await cluster.Backend.PostToRoomAsync(room, "announcement", senderId: "ops", senderName: "Ops\u202E team");
        Assert.Equal((ChatError.None, 1L), (posted.Error, posted.Seq));
        Assert.False(await cluster.Client.GetGrain<IRoomGrain>(room).IsMember("ops"));
        Assert.Equal("Ops team", Assert.Single((await History(room)).Messages).User.Name);

        var missing = TestIds.Room();
        Assert.Equal(ChatError.NotFound, (await cluster.Backend.PostToRoomAsync(missing, "hello?")).Error);
        Assert.Null(await cluster.Backend.GetRoomAsync(missing));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Ping")]
    [InlineData("with space")]
    [InlineData("ping\n")]
    [InlineData("-ping")]
    [InlineData("9lives")]
    [InlineData("ping\u0000")]
    public async Task Event_names_outside_the_pattern_are_refused_and_nothing_is_relayed(string name)
    {
        var room = await NewRoomAsync();
        var events = await RoomEventLog.SubscribeAsync(cluster.Client, room);
        await AssertRefusedAsync(() => cluster.Backend.RelayRoomEventAsync(room, name), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.RelayRoomEventAsync(room, "x" + new string('a', 64)), ChatInputException.InvalidFormat);

        // A good one then arrives alone: the refused ones never reached the room.
        Assert.Equal(ChatError.None, await cluster.Backend.RelayRoomEventAsync(room, "cursor-moved", """{"x":1}"""));
        var relayed = await Eventually.ProbeAsync(() => Task.FromResult(events.Events.Where(e => e.Kind == RoomEventKind.AppEvent).ToList()), list => list.Count > 0, "relayed event");
        Assert.Equal(("cursor-moved", """{"x":1}"""), (relayed.Single().AppEvent!.Name, relayed.Single().AppEvent!.DataJson));
    }

    [Fact]
    public async Task Event_data_must_be_json_within_the_byte_limit()
    {
        var room = await NewRoomAsync();
        var events = await RoomEventLog.SubscribeAsync(cluster.Client, room);

        // 64 ASCII bytes fit; the same length in two-byte characters does not (bytes, not characters).
        var fits = "\"" + new string('a', BackendCluster.MaxRoomEventBytes - 2) + "\"";
        var tooLarge = "\"" + new string('é', BackendCluster.MaxRoomEventBytes / 2) + "\"";
        await AssertRefusedAsync(() => cluster.Backend.RelayRoomEventAsync(room, "big", tooLarge), ChatInputException.PayloadTooLarge);
        await AssertRefusedAsync(() => cluster.Backend.RelayRoomEventAsync(room, "big", fits + " "), ChatInputException.PayloadTooLarge);
        await AssertRefusedAsync(() => cluster.Backend.RelayRoomEventAsync(room, "bad", "{not json"), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.RelayRoomEventAsync(room, "bad", "{} {}"), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.RelayRoomEventAsync(room, "bad", "\"\ud800\""), ChatInputException.InvalidFormat);

        Assert.Equal(ChatError.None, await cluster.Backend.RelayRoomEventAsync(room, "fits", fits));
        Assert.Equal(ChatError.None, await cluster.Backend.RelayRoomEventAsync(room, "no-data"));
        var relayed = await Eventually.ProbeAsync(() => Task.FromResult(events.Events.Where(e => e.Kind == RoomEventKind.AppEvent).ToList()), list => list.Count >= 2, "relayed events");
        // Either order: app events carry no seq, and Orleans does not order one-way pushes (seen in CI as no-data first).
        Assert.Equal(new[] { ("fits", fits), ("no-data", "null") }, relayed.Select(e => (e.AppEvent!.Name, e.AppEvent.DataJson)).OrderBy(e => e.Name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Relaying_needs_the_sender_to_be_a_member_as_the_room_grain_rules()
    {
        var room = TestIds.Room();
        Assert.Equal(ChatError.None, (await cluster.Backend.CreateRoomAsync(room, ownerId: "someone-else")).Error);
        Assert.Equal(ChatError.NotInRoom, await cluster.Backend.RelayRoomEventAsync(room, "hello"));
        Assert.Equal(ChatError.None, (await cluster.Backend.JoinRoomAsync(room)).Error);
        Assert.Equal(ChatError.None, await cluster.Backend.RelayRoomEventAsync(room, "hello"));
    }

    [Fact]
    public async Task Room_creation_refuses_bad_names_visibility_and_members_and_creates_nothing()
    {
        var room = TestIds.Room();
        await AssertRefusedAsync(() => cluster.Backend.CreateRoomAsync(room, name: new string('n', 201)), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.CreateRoomAsync(room, visibility: "secret"), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.CreateRoomAsync(room, members: [.. Enumerable.Range(0, 10_001).Select(i => $"u{i}")]), ChatInputException.InvalidFormat);
        Assert.Null(await cluster.Backend.GetRoomAsync(room));

        var created = await cluster.Backend.CreateRoomAsync(room, name: "Ops", visibility: RoomVisibility.Private, members: ["alice"]);
        Assert.Equal((ChatError.None, BackendCluster.ServiceUserId, RoomVisibility.Private), (created.Error, created.Room!.OwnerId, created.Room.Visibility));
        Assert.Equal("Ops", (await cluster.Backend.GetRoomAsync(room))!.Name);
    }

    [Fact]
    public async Task History_is_read_without_membership_and_refuses_negative_positions()
    {
        var room = TestIds.Room();
        await cluster.Backend.CreateRoomAsync(room, ownerId: "owner");
        for (var i = 1; i <= 5; i++)
        {
            await cluster.Backend.PostToRoomAsync(room, $"m{i}", senderId: "owner");
        }

        var page = await cluster.Backend.GetRoomHistoryAsync(room, afterSeq: 2, limit: 2);
        Assert.Equal((ChatError.None, 5L), (page.Error, page.LastSeq));
        Assert.Equal(["m3", "m4"], page.Messages.Select(m => m.Content));
        await AssertRefusedAsync(() => cluster.Backend.GetRoomHistoryAsync(room, beforeSeq: -1), ChatInputException.InvalidFormat);
        await AssertRefusedAsync(() => cluster.Backend.GetRoomHistoryAsync(room, limit: -5), ChatInputException.InvalidFormat);
    }

    private async Task<string> NewRoomAsync()
    {
        var room = TestIds.Room();
        // Owned by the service user, so it is a member and may relay.
        Assert.Equal(ChatError.None, (await cluster.Backend.CreateRoomAsync(room)).Error);
        return room;
    }

    private Task<HistoryResult> History(string room) => cluster.Backend.GetRoomHistoryAsync(room, limit: 100);

    internal static async Task AssertRefusedAsync<T>(Func<Task<T>> call, string code)
    {
        var refused = await Assert.ThrowsAsync<ChatInputException>(call);
        Assert.Equal(code, refused.Code);
    }
}
