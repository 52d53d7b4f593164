using System.Text.Json;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// The binary attachments of a client event (Socket.IO BINARY_EVENT: a placeholder {"_placeholder":true,"num":n}
/// in the payload stands for attachment n). The bytes are valid as long as the payload is: until the command
/// returns, or for an overlapping command until its first await (see <see cref="ClientEventRunner.RunAsync"/>).
/// </summary>
public interface IEventBinary
{
    /// <summary>The bytes <paramref name="placeholder"/> stands for; false when it is no placeholder of this event.</summary>
    bool TryGetBinary(JsonElement placeholder, out ReadOnlyMemory<byte> data);
}
