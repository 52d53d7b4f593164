using System.Buffers.Text;
using System.Security.Cryptography;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// Ids the gateway makes for uploads (which are also file ids) and calls: 16 random bytes as 22 characters of
/// unpadded base64url. Unguessable, because the id alone names a grain; a client-given id of any other form
/// never reaches one.
/// </summary>
internal static class RandomIds
{
    public const int Length = 22;

    public static string New()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }

    /// <summary>True for a string of the shape <see cref="New"/> makes.</summary>
    public static bool IsWellFormed(string? id)
    {
        if (id is not { Length: Length })
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
