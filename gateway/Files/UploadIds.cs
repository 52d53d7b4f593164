using System.Buffers.Text;
using System.Security.Cryptography;

namespace Orleans.Chat.Gateway.Files;

/// <summary>
/// Upload ids (which are also file ids): 16 random bytes as 22 url-safe base64 characters. Unguessable,
/// because the id alone names a file grain; a client-given id of any other form never reaches a grain.
/// </summary>
internal static class UploadIds
{
    public const int Length = 22;

    public static string New()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }

    public static bool IsWellFormed(string? id)
    {
        if (id is not { Length: Length })
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
