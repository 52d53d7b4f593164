using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Chat.Gateway.Calls;

/// <summary>
/// Time-limited TURN credentials as the TURN REST convention defines them and coturn checks them with
/// use-auth-secret: username "&lt;unix expiry&gt;:&lt;userId&gt;", password base64(HMAC-SHA1(secret, username)).
/// The TURN server needs nothing but the shared secret: it recomputes the password and refuses expired names.
/// </summary>
public static class TurnCredentials
{
    public static (string Username, string Credential) Create(string secret, string userId, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var username = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + userId;
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username));
        return (username, Convert.ToBase64String(mac));
    }
}
