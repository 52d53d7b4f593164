using System.Security.Cryptography;
using System.Text;
using Orleans.Chat.Gateway.Auth;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>
/// The HS256 reader's own rules, beyond what the fuzz properties check: where the standards leave room it
/// refuses (crit, repeated claims, padding, trailing data), and it reads aud, iss and NumericDate as RFC 7519 has them.
/// </summary>
public sealed class Hs256JwtTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(48);
    private const string Header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    [Fact]
    public void A_token_signed_with_the_key_gives_its_claims()
    {
        var problem = Hs256Jwt.Read(Sign(Header, "{\"sub\":\"alice\",\"name\":\"Alice\",\"exp\":4102444800,\"nbf\":1,\"iat\":1,\"extra\":{\"a\":[1,2]}}"), Key, null, null, out var identity);

        Assert.Null(problem);
        Assert.Equal(new JwtIdentity("alice", "Alice", 4102444800, 1), identity);
    }

    [Theory]
    [InlineData("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", TokenFailures.Invalid)]
    [InlineData("{\"alg\":\"HS256\",\"alg\":\"HS256\"}", TokenFailures.Malformed)]
    [InlineData("{\"alg\":\"none\"}", TokenFailures.UnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"HS512\"}", TokenFailures.UnsupportedAlgorithm)]
    [InlineData("{\"typ\":\"JWT\"}", TokenFailures.UnsupportedAlgorithm)]
    [InlineData("[\"HS256\"]", TokenFailures.Malformed)]
    [InlineData("{\"alg\":\"HS256\"} x", TokenFailures.Malformed)]
    public void Headers_other_than_plain_HS256_are_refused(string header, string reason)
    {
        Assert.Equal(reason, Hs256Jwt.Read(Sign(header, "{\"sub\":\"alice\"}"), Key, null, null, out _));
    }

    [Theory]
    [InlineData("{\"sub\":\"alice\",\"sub\":\"mallory\"}")]
    [InlineData("{\"sub\":\"alice\",\"exp\":1,\"exp\":4102444800}")]
    [InlineData("{\"sub\":\"alice\",\"exp\":\"4102444800\"}")]
    [InlineData("{\"sub\":\"alice\",\"exp\":[4102444800]}")]
    [InlineData("{\"sub\":\"alice\"}{}")]
    [InlineData("{\"sub\":\"alice\",}")]
    [InlineData("{\"sub\":\"\\ud800\"}")]
    public void Repeated_claims_times_that_are_not_numbers_and_malformed_json_are_malformed(string payload)
    {
        Assert.Equal(TokenFailures.Malformed, Hs256Jwt.Read(Sign(Header, payload), Key, null, null, out _));
    }

    [Fact]
    public void A_fractional_time_is_floored_and_one_past_the_calendar_is_clamped()
    {
        Assert.Null(Hs256Jwt.Read(Sign(Header, "{\"exp\":4102444800.9,\"nbf\":1e30}"), Key, null, null, out var identity));

        Assert.Equal(4102444800, identity.ExpiresAt);
        Assert.Equal(DateTimeOffset.MaxValue.ToUnixTimeSeconds(), identity.NotBefore);
    }

    [Theory]
    [InlineData("{\"iss\":\"chat\",\"aud\":\"clients\"}", null)]
    [InlineData("{\"iss\":\"chat\",\"aud\":[\"other\",\"clients\"]}", null)]
    [InlineData("{\"iss\":\"chat\",\"aud\":[\"other\",[\"clients\"]]}", TokenFailures.InvalidAudience)]
    [InlineData("{\"iss\":\"chat\",\"aud\":\"Clients\"}", TokenFailures.InvalidAudience)]
    [InlineData("{\"iss\":\"chat\"}", TokenFailures.InvalidAudience)]
    [InlineData("{\"iss\":\"cha\\u0074\",\"aud\":\"clients\"}", null)]
    [InlineData("{\"iss\":[\"chat\"],\"aud\":\"clients\"}", TokenFailures.InvalidIssuer)]
    [InlineData("{\"aud\":\"clients\"}", TokenFailures.InvalidIssuer)]
    public void Issuer_and_audience_are_matched_exactly_an_audience_in_a_list_counts(string payload, string? reason)
    {
        Assert.Equal(reason, Hs256Jwt.Read(Sign(Header, payload), Key, "chat", "clients", out _));
    }

    [Fact]
    public void The_signature_is_checked_before_any_claim()
    {
        var token = Sign(Header, "{\"iss\":\"someone else\"}");
        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        Assert.Equal(TokenFailures.InvalidSignature, Hs256Jwt.Read(forged, Key, "chat", null, out _));
        Assert.Equal(TokenFailures.InvalidSignature, Hs256Jwt.Read(Sign(Header, "{}", HMACSHA512.HashData), Key, null, null, out _));
        Assert.Equal(TokenFailures.InvalidSignature, Hs256Jwt.Read(Sign(Header, "{}", RandomNumberGenerator.GetBytes(48)), Key, null, null, out _));
        Assert.Equal(TokenFailures.InvalidSignature, Hs256Jwt.Read(Sign(Header, "{}")[..^43], Key, null, null, out _));
    }

    [Theory]
    [InlineData("=")]
    [InlineData(" ")]
    [InlineData("+")]
    [InlineData(".")]
    public void Padding_white_space_standard_base64_and_a_fourth_part_are_malformed(string inserted)
    {
        var token = Sign(Header, "{\"sub\":\"alice\"}");

        Assert.Equal(TokenFailures.Malformed, Hs256Jwt.Read(token + inserted, Key, null, null, out _));
        Assert.Equal(TokenFailures.Malformed, Hs256Jwt.Read(token.Insert(4, inserted), Key, null, null, out _));
    }

    [Fact]
    public void A_token_over_the_size_limit_is_malformed_before_its_signature_is_computed()
    {
        var huge = Sign(Header, "{\"big\":\"" + new string('x', Hs256Jwt.MaxTokenChars) + "\"}");

        Assert.Equal(TokenFailures.Malformed, Hs256Jwt.Read(huge, Key, null, null, out _));
    }

    [Fact]
    public void A_large_claim_under_the_limit_is_read_from_a_pooled_buffer()
    {
        var name = new string('n', 100_000);

        Assert.Null(Hs256Jwt.Read(Sign(Header, "{\"sub\":\"alice\",\"name\":\"" + name + "\"}"), Key, null, null, out var identity));
        Assert.Equal(name, identity.Name);
    }

    private static string Sign(string header, string payload) => Sign(header, payload, Key);

    private static string Sign(string header, string payload, byte[] key) =>
        Sign(header, payload, (data) => HMACSHA256.HashData(key, data));

    private static string Sign(string header, string payload, Func<byte[], byte[], byte[]> mac) =>
        Sign(header, payload, data => mac(Key, data));

    private static string Sign(string header, string payload, Func<byte[], byte[]> mac)
    {
        var input = Encode(Encoding.UTF8.GetBytes(header)) + "." + Encode(Encoding.UTF8.GetBytes(payload));
        return input + "." + Encode(mac(Encoding.ASCII.GetBytes(input)));
    }

    private static string Encode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
