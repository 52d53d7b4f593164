using System.Security.Cryptography;
using Orleans.Chat.Hosting;

namespace Orleans.Chat.Gateway.Tests;

public sealed class SecretStrengthTests
{
    [Theory]
    [InlineData("change-me-this-placeholder-key-is-not-secret-0123456789", "placeholder")]
    [InlineData("change-me-api-key", "placeholder")]
    [InlineData("CHANGEME-0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c", "placeholder")]
    [InlineData("put-your-secret-here-for-example-Zx81Qw", "placeholder")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "repeats")]
    [InlineData("k3Y!k3Y!k3Y!k3Y!k3Y!k3Y!k3Y!k3Y!k3Y!k3Y!", "repeats")]
    [InlineData("Qw7#Er9$Qw7#Er9$Qw7#Er9$Qw7#Er9$x", "repeats")]
    [InlineData("x-xx-x-xxx-x-x-xx-xxx-x-xx-x-xx-xx-xxx-x-x", "repeats")]
    [InlineData("ab3cd9ab9c3dba3d9cab3d9c9dab3c9dab3ccdab9d3a", "distinct")]
    [InlineData("my-super-secret-password-for-the-chat-123456", "common words")]
    [InlineData("SecretPasswordAdminToken2024!", "common words")]
    [InlineData("qwerty-letmein-password-0123456789-abcdefgh", "common words")]
    public void Weak_secrets_are_refused_with_the_reason(string secret, string reason)
    {
        var weakness = SecretStrength.Weakness(secret);

        Assert.NotNull(weakness);
        Assert.Contains(reason, weakness, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, weakness, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fi6g+nOqjGOcVTQ2Hr32Cm7soB8+BlirfCMyBcy+JC9/")]
    [InlineData("correct-horse-battery-staple-violet-anchor-91")]
    [InlineData("3f9c1e7a0b5d2846c9e1f0a7b3d5c8e2")]
    [InlineData("9dec977b6c4eb9ccc0cf15accdacc12c")] // random hex with one character 11 times in 32: about once in 50,000 keys
    public void Strong_secrets_pass(string secret) => Assert.Null(SecretStrength.Weakness(secret));

    [Fact]
    public void Generated_keys_pass_every_time()
    {
        // What the docs tell operators to run: openssl rand -base64 48 and -hex 16/24/32.
        for (var i = 0; i < 2000; i++)
        {
            var base64 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
            var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16 + (i % 3 * 8)));
            Assert.Null(SecretStrength.Weakness(base64));
            Assert.Null(SecretStrength.Weakness(hex));
        }
    }
}
