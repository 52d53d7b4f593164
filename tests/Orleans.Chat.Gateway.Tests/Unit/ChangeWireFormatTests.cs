using System.Text;
using System.Text.Json;
using Orleans.Chat.Events;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.Gateway.Protocol.SocketIo;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>The bytes of the server events of message changes, receipts, moderation and room-event, and of the new message fields.</summary>
public sealed class ChangeWireFormatTests
{
    private static readonly UserRef Ann = new() { Id = "u1", Name = "Ann" };

    [Fact]
    public void An_edited_room_message_carries_edited_at_and_change_seq_after_the_fields_it_always_had()
    {
        var message = new ChatMessage
        {
            Id = "m1", RoomId = "r1", Seq = 3, UserId = "u1", User = Ann, Content = "fixed", Type = "text", Timestamp = 5,
            Edited = true, EditedAt = 9, ChangeSeq = 2,
        };

        Assert.Equal(
            """{"id":"m1","roomId":"r1","seq":3,"userId":"u1","user":{"id":"u1","name":"Ann"},"content":"fixed","type":"text","timestamp":5,"edited":true,"deleted":false,"editedAt":9,"changeSeq":2}""",
            JsonSerializer.Serialize(message, ChatJsonContext.Default.ChatMessage));
    }

    [Fact]
    public void A_deleted_private_message_carries_its_change_seq_but_no_edited_at()
    {
        var message = new PrivateMessage
        {
            Id = "p1", ConversationId = "c1", Seq = 2, FromUserId = "u1", FromUser = Ann, ToUserId = "u2", Content = "",
            Timestamp = 7, Deleted = true, ChangeSeq = 4,
        };

        Assert.Equal(
            """{"id":"p1","conversationId":"c1","seq":2,"fromUserId":"u1","fromUser":{"id":"u1","name":"Ann"},"toUserId":"u2","content":"","type":"text","timestamp":7,"edited":false,"deleted":true,"changeSeq":4}""",
            JsonSerializer.Serialize(message, ChatJsonContext.Default.PrivateMessage));
    }

    [Fact]
    public void Room_changes_are_encoded_with_the_room_id_and_conversation_changes_with_the_conversation_id()
    {
        var edit = new MessageChange { Kind = MessageChangeKind.Edited, ScopeId = "r1", Seq = 3, MessageId = "m1", Content = "new", ChangedAt = 9, ChangedBy = "u1", ChangeSeq = 2 };
        var delete = edit with { Kind = MessageChangeKind.Deleted, Content = "", ScopeId = "dm:a:b", ChangedBy = "u2", ChangeSeq = 3 };

        var roomEdit = ChangeEventEncoding.FromRoomEvent(new RoomEvent { Kind = RoomEventKind.MessageEdited, RoomId = "r1", UserId = "u1", Change = edit })!;
        var dmDelete = ChangeEventEncoding.FromUserEvent(new UserEvent { Kind = UserEventKind.MessageDeleted, UserId = "a", Change = delete })!;

        Assert.Equal("""{"type":"message-edited","data":{"roomId":"r1","seq":3,"id":"m1","content":"new","editedAt":9,"editedBy":"u1","changeSeq":2}}""", Native(roomEdit));
        Assert.Equal("""{"type":"message-deleted","data":{"conversationId":"dm:a:b","seq":3,"id":"m1","deletedBy":"u2","changeSeq":3}}""", Native(dmDelete));
    }

    [Fact]
    public void Receipts_moderation_and_room_updates_are_encoded_as_the_protocol_says()
    {
        var room = new RoomInfo { Id = "r1", Name = "Lobby", Visibility = "public", OwnerId = "u1", Topic = "news" };
        static RoomEvent Of(RoomEventKind kind) => new() { Kind = kind, RoomId = "r1", UserId = "u2" };

        Assert.Equal("""{"type":"read-receipt","data":{"roomId":"r1","userId":"u2","seq":7}}""",
            Native(ChangeEventEncoding.FromRoomEvent(Of(RoomEventKind.ReadReceipt) with { Receipt = new ReadReceipt { ScopeId = "r1", UserId = "u2", Seq = 7 } })!));
        Assert.Equal("""{"type":"read-receipt","data":{"conversationId":"dm:a:b","userId":"a","seq":4}}""",
            Native(ChangeEventEncoding.FromUserEvent(new UserEvent { Kind = UserEventKind.ReadReceipt, UserId = "b", Receipt = new ReadReceipt { ScopeId = "dm:a:b", UserId = "a", Seq = 4 } })!));
        Assert.Equal("""{"type":"member-removed","data":{"roomId":"r1","userId":"u2","by":"u1"}}""",
            Native(ChangeEventEncoding.FromRoomEvent(Of(RoomEventKind.MemberRemoved) with { ByUserId = "u1" })!));
        Assert.Equal("""{"type":"role-changed","data":{"roomId":"r1","userId":"u2","role":"admin"}}""",
            Native(ChangeEventEncoding.FromRoomEvent(Of(RoomEventKind.RoleChanged) with { Role = RoomRoles.Admin })!));
        Assert.Equal("""{"type":"room-updated","data":{"room":{"id":"r1","name":"Lobby","visibility":"public","ownerId":"u1","topic":"news"}}}""",
            Native(ChangeEventEncoding.FromRoomEvent(Of(RoomEventKind.RoomUpdated) with { Room = room })!));
        Assert.Null(ChangeEventEncoding.FromRoomEvent(Of(RoomEventKind.Typing)));
        Assert.Null(ChangeEventEncoding.FromUserEvent(new UserEvent { Kind = UserEventKind.RoomJoined, UserId = "u2", RoomId = "r1" }));
    }

    [Fact]
    public void Room_event_data_is_written_as_the_raw_json_the_sender_sent_on_both_protocols()
    {
        const string data = """{"x": 1.50, "s":"é\n","a":[true,null]}""";
        var evt = ChangeEventEncoding.FromRoomEvent(new RoomEvent
        {
            Kind = RoomEventKind.AppEvent, RoomId = "r1", UserId = "u1", AppEvent = new AppRoomEvent { Name = "cursor", DataJson = data },
        })!;

        Assert.Equal("{\"type\":\"room-event\",\"data\":{\"roomId\":\"r1\",\"userId\":\"u1\",\"event\":\"cursor\",\"data\":" + data + "}}", Native(evt));
        Assert.Equal("42[\"room-event\",{\"roomId\":\"r1\",\"userId\":\"u1\",\"event\":\"cursor\",\"data\":" + data + "}]",
            Encoding.UTF8.GetString(evt.EncodeFor(SocketIoEventEncoder.Instance)));
    }

    [Fact]
    public void A_recovered_change_is_replayed_from_the_message_as_it_is_now()
    {
        var edited = new ChatMessage
        {
            Id = "m1", RoomId = "r1", Seq = 3, UserId = "u1", User = Ann, Content = "v2", Type = "text", Timestamp = 5, Edited = true, EditedAt = 9, ChangeSeq = 4,
        };
        var deleted = edited with { Content = "", Deleted = true, DeletedBy = "owner", ChangeSeq = 6 };

        Assert.Equal("""{"type":"message-edited","data":{"roomId":"r1","seq":3,"id":"m1","content":"v2","editedAt":9,"editedBy":"u1","changeSeq":4}}""", Native(ChangeEventEncoding.RoomChange(edited)));
        Assert.Equal("""{"type":"message-deleted","data":{"roomId":"r1","seq":3,"id":"m1","deletedBy":"owner","changeSeq":6}}""", Native(ChangeEventEncoding.RoomChange(deleted)));
    }

    [Fact]
    public void Room_summaries_and_members_carry_roles_and_topics()
    {
        var summary = new RoomSummary
        {
            Room = new RoomInfo { Id = "r1", Name = "r1", Visibility = "public" }, Role = RoomRoles.Member, LastSeq = 4, LastActivity = 8, ReadSeq = 2, Unread = 1,
        };

        Assert.Equal(
            """{"room":{"id":"r1","name":"r1","visibility":"public","ownerId":null,"topic":""},"role":"member","lastSeq":4,"lastMessage":null,"lastActivity":8,"readSeq":2,"unread":1}""",
            JsonSerializer.Serialize(summary, ChatJsonContext.Default.RoomSummary));
        Assert.Equal("""{"userId":"u1","name":"Ann","status":"online","role":"admin"}""",
            JsonSerializer.Serialize(new RoomMember { UserId = "u1", Name = "Ann", Status = "online", Role = RoomRoles.Admin }, ChatJsonContext.Default.RoomMember));
    }

    [Fact]
    public void An_app_handler_ack_says_success_once_and_keeps_the_payload_properties()
    {
        using var payload = JsonDocument.Parse("""{"value":4,"success":false,"nested":{"a":[1]}}""");

        Assert.Equal("""{"success":true,"value":4,"nested":{"a":[1]}}""",
            JsonSerializer.Serialize(new ExtensionAck(payload.RootElement), ChatJsonContext.Default.ExtensionAck));
        Assert.Equal("""{"success":true}""", JsonSerializer.Serialize(new ExtensionAck(null), ChatJsonContext.Default.ExtensionAck));
    }

    [Theory]
    [InlineData("""{"roomId":"r"}""", true, "null")]
    [InlineData("""{"roomId":"r","data":null}""", true, "null")]
    [InlineData("""{"roomId":"r","data": [1, 2] }""", true, "[1, 2]")]
    [InlineData("""{"roomId":"r","data":"12345678"}""", true, "\"12345678\"")]
    [InlineData("""{"roomId":"r","data":"123456789"}""", false, "null")]
    [InlineData("""{"roomId":"r","data":{"é":1}}""", true, """{"é":1}""")]
    [InlineData("""{"roomId":"r","data":{"ééé":1}}""", false, "null")]
    public void Room_event_data_is_measured_in_utf8_bytes_of_the_json_sent(string payload, bool fits, string expected)
    {
        using var json = JsonDocument.Parse(payload);

        Assert.Equal(fits, RoomEventCommands.TryReadData(json.RootElement, maxBytes: 10, out var data));
        Assert.Equal(expected, data);
    }

    private static string Native(OutboundEvent evt) => Encoding.UTF8.GetString(evt.EncodeFor(NativeEventEncoder.Instance));
}
