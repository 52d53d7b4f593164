using System.Text.Json;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>A native frame as a client event: its parsed document is freed once the command has read the payload.</summary>
internal readonly struct NativeClientEvent(NativeClientFrame frame) : IClientEvent
{
    public string Name => frame.Type;

    public JsonElement Data => frame.Data;

    /// <summary>Native frames are text: binary data travels as base64 in the payload.</summary>
    public IEventBinary? Binary => null;

    public void ReleasePayload() => frame.Dispose();

    /// <summary>The id is a copy, still there after the frame's document is freed.</summary>
    public ValueTask WriteReplyAsync(ChatSession session, ClientReply reply)
    {
        NativeProtocolHandler.Reply(session, frame.Id, reply);
        return ValueTask.CompletedTask;
    }
}
