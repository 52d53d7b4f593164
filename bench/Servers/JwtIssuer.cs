using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Chat.Bench.Servers;

/// <summary>
/// HS256 client tokens for Orleans.Chat (claims sub and name), signed with the key the harness
/// gives the gateway (Auth:SigningKey), so tens of thousands of users need no HTTP round trip.
/// </summary>
public sealed class JwtIssuer(string signingKey)
{
    private static readonly string Header = Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);

    private readonly byte[] _key = Encoding.UTF8.GetBytes(signingKey);

    public static string NewSigningKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    public string TokenFor(string userId)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = Encode(Encoding.UTF8.GetBytes($"{{\"sub\":\"{userId}\",\"name\":\"{userId}\",\"iat\":{now},\"exp\":{now + 86_400}}}"));
        var signingInput = $"{Header}.{payload}";
        var signature = Encode(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signingInput)));
        return $"{signingInput}.{signature}";
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);
}
