using System.Buffers.Text;
using System.Security.Cryptography;

namespace Orleans.Chat.Gateway.Calls;

/// <summary>
/// Call ids: 16 random bytes as 22 characters of unpadded base64url. Unguessable, so knowing a call id
/// is no way into it (the grain checks the parties anyway), and short enough for every log line.
/// </summary>
internal static class CallIds
{
    public const int Length = 22;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>True for a string of the shape <see cref="New"/> makes.</summary>
    public static bool IsWellFormed(string? value)
    {
        if (value is not { Length: Length })
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
