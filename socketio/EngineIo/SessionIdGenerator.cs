using System.Buffers.Text;
using System.Security.Cryptography;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>Unguessable 20-character URL-safe ids for Engine.IO sessions and Socket.IO sockets.</summary>
internal static class SessionIdGenerator
{
    private const int Length = 20;

    /// <summary>True for a string of the form <see cref="Next"/> returns: 20 base64url characters.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string Next()
    {
        Span<byte> random = stackalloc byte[15];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }
}
