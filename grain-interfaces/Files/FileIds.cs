namespace Orleans.Chat.Files;

/// <summary>File ids name directories and Redis keys: 1-64 of [A-Za-z0-9_-], so none can leave the store's root.</summary>
public static class FileIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? fileId) =>
        fileId is { Length: > 0 and <= MaxLength } && fileId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A new id (32 hex digits).</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    public static void EnsureValid(string fileId)
    {
        if (!IsValid(fileId))
        {
            throw new ArgumentException("A file id is 1-64 characters of A-Z, a-z, 0-9, '-' and '_'.", nameof(fileId));
        }
    }
}
