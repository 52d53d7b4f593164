using System.Security.Cryptography;
using System.Text;

namespace Orleans.Chat.Hosting.Notifications;

/// <summary>
/// The X-OrleansChat-Signature value: "sha256=" and the lowercase hex HMAC-SHA256 of the exact
/// body bytes, keyed with the UTF-8 bytes of Notifications:Secret.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-OrleansChat-Signature";
    public const string Prefix = "sha256=";

    public static string Sign(byte[] key, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    public static byte[] Key(string secret) => Encoding.UTF8.GetBytes(secret);

    /// <summary>What a receiver does: recompute and compare in constant time.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(Key(secret), body)), Encoding.ASCII.GetBytes(header));
}
