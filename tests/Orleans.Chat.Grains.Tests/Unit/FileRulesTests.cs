using Orleans.Chat.Grains.Files;
using Orleans.Chat.Files;

namespace Orleans.Chat.Grains.Tests.Unit;

public sealed class FileRulesTests
{
    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("/etc/passwd", "passwd")]
    [InlineData("..\\..\\boot.ini", "boot.ini")]
    [InlineData("  spaced name.txt  ", "spaced name.txt")]
    [InlineData("evil\u202Etxt.exe", "eviltxt.exe")]
    [InlineData("line\r\nbreak.txt", "linebreak.txt")]
    [InlineData("naïve résumé.doc", "naïve résumé.doc")]
    [InlineData("..", null)]
    [InlineData("dir/", null)]
    [InlineData("\u0001\u0002", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Names_lose_paths_and_control_characters(string? name, string? expected) => Assert.Equal(expected, FileRules.CleanName(name));

    [Fact]
    public void Names_are_at_most_255_characters_once_cleaned()
    {
        Assert.Equal(255, FileRules.CleanName("dir/" + new string('a', 255))?.Length);
        Assert.Null(FileRules.CleanName(new string('a', 256)));
    }

    [Theory]
    [InlineData("image/png", "image/png")]
    [InlineData("Text/Plain; charset=utf-8", "text/plain")]
    [InlineData("image", null)]
    [InlineData("image/", null)]
    [InlineData("/png", null)]
    [InlineData("a/b/c", null)]
    [InlineData("image/ png", null)]
    [InlineData(null, null)]
    public void Types_are_normalized(string? type, string? expected) => Assert.Equal(expected, FileRules.NormalizeType(type));

    [Fact]
    public void Allowed_types_match_exactly_or_by_family()
    {
        string[] allowed = ["image/*", "application/pdf"];

        Assert.True(FileRules.IsAllowed("image/png", allowed));
        Assert.True(FileRules.IsAllowed("image/svg+xml", allowed));
        Assert.True(FileRules.IsAllowed("application/pdf", allowed));
        Assert.False(FileRules.IsAllowed("application/zip", allowed));
        Assert.False(FileRules.IsAllowed("imagex/png", allowed));
        Assert.False(FileRules.IsAllowed("text/plain", allowed));
    }

    [Fact]
    public void Checksums_are_absent_or_64_lowercase_hex_digits()
    {
        Assert.True(FileRules.IsSha256(null));
        Assert.True(FileRules.IsSha256(new string('0', 32) + new string('f', 32)));
        Assert.False(FileRules.IsSha256(new string('F', 64)));
        Assert.False(FileRules.IsSha256(new string('0', 65)));
        Assert.False(FileRules.IsSha256(""));
    }

    [Fact]
    public void File_ids_cannot_name_paths()
    {
        Assert.True(FileIds.IsValid(FileIds.New()));
        Assert.True(FileIds.IsValid("a-B_9"));
        Assert.False(FileIds.IsValid(".."));
        Assert.False(FileIds.IsValid("a/b"));
        Assert.False(FileIds.IsValid("a\\b"));
        Assert.False(FileIds.IsValid(""));
        Assert.False(FileIds.IsValid(new string('a', 65)));
    }
}
