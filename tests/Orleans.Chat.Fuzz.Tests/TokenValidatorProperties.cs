using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.IdentityModel.Tokens;
using Orleans.Chat.Fuzz.Tests.Infrastructure;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Fuzz.Tests;

/// <summary>
/// The JWT path (ChatTokenValidator): random strings, random three-part tokens, real tokens with mutated
/// headers, payloads or signatures, other algorithms (none, HS384/512, RS256), odd and huge claims. Every
/// token is answered with a failure and a short stable reason, or with success, and success only when the
/// token is HS256 and truly signed with the key (checked independently here); never with an exception.
/// </summary>
public sealed class TokenValidatorProperties
{
    private const long Iterations = 2_000;
    private const int MaxReasonLength = 40;

    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private static readonly byte[] KeyBytes = Encoding.UTF8.GetBytes(Key);

    private static readonly HashSet<string> Reasons =
    [
        "token expired", "token not yet valid", "invalid signature", "unsupported algorithm", "invalid issuer",
        "invalid audience", "malformed token", "invalid token", "missing sub claim", "missing exp", "invalid sub",
    ];

    private static readonly ChatTokenValidator Validator = new(
        new SigningKeyProvider(Microsoft.Extensions.Options.Options.Create(new AuthOptions { SigningKey = Key }), new HostingEnvironment { EnvironmentName = Environments.Production }),
        Microsoft.Extensions.Options.Options.Create(new AuthOptions { SigningKey = Key }),
        TimeProvider.System);

    private static readonly Gen<string> Algorithms = Gen.OneOf("HS256", "none", "None", "HS384", "HS512", "RS256", "ES256", "hs256", "HS256 ", "", "PS256");

    private static readonly Gen<string> ClaimValues = Gen.Frequency(
        (3, Gen.OneOf("\"alice\"", "\"bob\"", "\"\"", "\" \"", "1", "null", "true", "[\"a\"]", "{\"a\":1}", "\"\\u0000\"")),
        (1, Gens.JsonText));

    private static readonly Gen<string> TimeValues = Gen.OneOf(
        "4102444800", "1", "0", "-1", "1e400", "\"2100-01-01\"", "null", "[1]", "99999999999999999999", "4102444800.5", "253402300800");

    /// <summary>A payload: sub, name, exp, nbf and iat of any value or absent, maybe a huge claim.</summary>
    private static readonly Gen<string> Payloads = Gen.Select(
        Gens.OrAbsent(ClaimValues), Gens.OrAbsent(ClaimValues), Gens.OrAbsent(TimeValues), Gens.OrAbsent(TimeValues),
        Gen.Frequency((6, Gen.Const(0)), (1, Gen.Int[1_000, 300_000])),
        (sub, name, exp, nbf, huge) =>
        {
            var fields = new List<string>();
            AddField(fields, "sub", sub);
            AddField(fields, "name", name);
            AddField(fields, "exp", exp);
            AddField(fields, "nbf", nbf);
            if (huge > 0)
            {
                fields.Add("\"big\":\"" + new string('x', huge) + "\"");
            }

            return "{" + string.Join(",", fields) + "}";
        });

    private static readonly Gen<string> SignedTokens = Gen.Select(Algorithms, Payloads, Gen.Int[0, 3], (alg, payload, signing) =>
    {
        var header = Base64Url("{\"alg\":" + JsonSerializer.Serialize(alg) + ",\"typ\":\"JWT\"}");
        var input = header + "." + Base64Url(payload);
        var signature = signing switch
        {
            0 => HMACSHA256.HashData(KeyBytes, Encoding.ASCII.GetBytes(input)),
            1 => HMACSHA512.HashData(KeyBytes, Encoding.ASCII.GetBytes(input)),
            2 => HMACSHA384.HashData(KeyBytes, Encoding.ASCII.GetBytes(input)),
            _ => [],
        };
        return input + "." + Base64UrlEncoder.Encode(signature);
    });

    private static readonly Gen<string> ValidTokens = Gen.Select(Gens.SafeText.Where(s => !string.IsNullOrWhiteSpace(s)), Gens.OrAbsent(Gens.SafeText),
        (sub, name) => TestTokens.Create(Key, sub, name));

    private static readonly Gen<string> RandomTokens = Gen.Frequency(
        (2, Gen.String),
        (1, Gens.FragmentSoup.Select(bytes => Encoding.UTF8.GetString(bytes))),
        (2, Gen.Select(Gen.Byte.Array[0, 80], Gen.Byte.Array[0, 80], Gen.Byte.Array[0, 40], (a, b, c) =>
            Base64UrlEncoder.Encode(a) + "." + Base64UrlEncoder.Encode(b) + "." + Base64UrlEncoder.Encode(c))),
        (2, Gen.Select(Gens.JsonText, Gens.JsonText, Gen.Byte.Array[0, 40], (header, payload, signature) =>
            Base64Url(header) + "." + Base64Url(payload) + "." + Base64UrlEncoder.Encode(signature))),
        (1, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=+/"], 0, 400]),
        (1, Gen.Int[4, 7].Select(parts => string.Join(".", Enumerable.Repeat("eyJhbGciOiJIUzI1NiJ9", parts)))));

    [Fact]
    public void Random_strings_and_three_part_tokens_fail_with_a_short_reason()
    {
        Property.ForAll(RandomTokens, token => Assert.False(Validate(token).Succeeded), Iterations);
    }

    [Fact]
    public void Mutated_real_tokens_succeed_only_when_still_truly_signed()
    {
        Property.ForAll(Gens.Mutated(ValidTokens.Select(Encoding.UTF8.GetBytes)).Select(bytes => Encoding.UTF8.GetString(bytes)), token => Validate(token), Iterations);
    }

    [Fact]
    public void Other_algorithms_odd_claims_and_huge_claims_succeed_only_when_truly_signed_with_hs256()
    {
        Property.ForAll(SignedTokens, token => Validate(token), Iterations, token => token.Length > 600 ? token[..600] + "..." : token);
    }

    /// <summary>
    /// Subjects as an issuer might write them: ordinary text, surrounding white space, control, bidi and
    /// zero-width characters, and lengths around the 128-character bound.
    /// </summary>
    private static readonly Gen<string> Subjects = Gen.Frequency(
        (6, Gens.SafeText),
        (2, Gen.Select(Gens.SafeText, Gen.OneOf("\t", "\u200b", "\u202e", "\u2028", "\u0007", "\ufeff"), Gens.SafeText, (a, odd, b) => a + odd + b)),
        (1, Gen.Select(Gen.Int[120, 136], Gen.OneOf("", " ", "\n"), (length, pad) => pad + new string('u', length) + pad)))
        .Where(s => !string.IsNullOrWhiteSpace(s));

    [Fact]
    public void Real_tokens_succeed_with_their_normalised_subject_or_fail_with_invalid_sub()
    {
        Property.ForAll(Subjects, sub =>
        {
            var outcome = Validate(TestTokens.Create(Key, sub));
            if (ExpectedId(sub) is { } id)
            {
                Assert.True(outcome.Succeeded, outcome.FailureReason);
                Assert.Equal(id, outcome.User!.Id);
            }
            else
            {
                Assert.Equal("invalid sub", outcome.FailureReason);
            }
        }, Iterations, sub => Convert.ToHexString(Encoding.UTF8.GetBytes(sub)));
    }

    [Fact]
    public void A_signed_token_whose_claims_hold_a_lone_surrogate_is_refused_not_an_exception()
    {
        // Found by the odd-claims property (seed 7FfLTv_LwUa4): reading the claims threw InvalidOperationException.
        // Only sub and name are read: a name that is not text counts as absent, a sub that cannot be read is malformed.
        Assert.Equal("missing exp", Validate(Signed("{\"sub\":\"alice\",\"name\":[\"\\ud800A\"]}")).FailureReason);
        Assert.Equal("malformed token", Validate(Signed("{\"sub\":\"\\ud800A\",\"exp\":4102444800}")).FailureReason);
        Assert.Equal("malformed token", Validate(Signed("{\"sub\":\"alice\",\"name\":\"\\ud800A\",\"exp\":4102444800}")).FailureReason);
    }

    private static string Signed(string payload)
    {
        var input = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + Base64Url(payload);
        return input + "." + Base64UrlEncoder.Encode(HMACSHA256.HashData(KeyBytes, Encoding.ASCII.GetBytes(input)));
    }

    [Fact]
    public void A_token_that_expires_at_the_end_of_time_is_valid_not_an_exception()
    {
        // Found by the odd-claims property: exp 253402300800 made exp + ClockSkew overflow DateTimeOffset.
        var outcome = Validate(TestTokens.Create(Key, "alice", expires: DateTime.MaxValue));

        Assert.True(outcome.Succeeded, outcome.FailureReason);
        Assert.Equal("alice", outcome.User!.Id);
    }

    /// <summary>
    /// The documented identity rule, written out independently: trimmed, 1-128 characters, none of them a
    /// control, format or line/paragraph separator character; null when the subject cannot be an id.
    /// </summary>
    private static string? ExpectedId(string sub)
    {
        var id = sub.Trim();
        var forbidden = id.Any(c => char.IsControl(c) || c is '\u200b' or '\u202e' or '\u2028' or '\ufeff');
        return id.Length is >= 1 and <= 128 && !forbidden ? id : null;
    }

    /// <summary>Validates and checks the documented outcome against an independent HS256 check.</summary>
    private static TokenValidationOutcome Validate(string token)
    {
        var outcome = Validator.Validate(token);
        if (outcome.Succeeded)
        {
            Assert.Null(outcome.FailureReason);
            Assert.True(IsTrulySignedHs256(token), "accepted a token that is not HS256 signed with the key");
            Assert.False(string.IsNullOrWhiteSpace(outcome.User!.Id));
        }
        else
        {
            Assert.Contains(outcome.FailureReason!, Reasons);
            Assert.True(outcome.FailureReason!.Length <= MaxReasonLength);
        }

        return outcome;
    }

    private static bool IsTrulySignedHs256(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[0]));
            var expected = HMACSHA256.HashData(KeyBytes, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            return header.RootElement.GetProperty("alg").GetString() == "HS256"
                && CryptographicOperations.FixedTimeEquals(expected, Base64UrlEncoder.DecodeBytes(parts[2]));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void AddField(List<string> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields.Add("\"" + name + "\":" + value);
        }
    }

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
