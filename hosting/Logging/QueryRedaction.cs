namespace Orleans.Chat.Hosting;

/// <summary>
/// Masks the values of a query string for logs. Every value is masked but a few protocol parameters an
/// operator needs to read a request (Engine.IO's version and transport): a token may come under any name.
/// </summary>
public static class QueryRedaction
{
    public const string Mask = "***";

    private const int MaxNameLength = 32;

    private static readonly HashSet<string> Readable = new(StringComparer.OrdinalIgnoreCase) { "EIO", "transport" };

    /// <summary>"?token=abc&amp;EIO=4" becomes "?token=***&amp;EIO=4"; null or empty stays as is.</summary>
    public static string? Redact(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return query;
        }

        var body = query.StartsWith('?') ? query[1..] : query;
        var parts = body.Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? parts[i] : parts[i][..equals];
            if (name.Length > MaxNameLength)
            {
                // A name that long is no parameter of ours: it may be a token sent as a name.
                parts[i] = Mask;
            }
            else if (equals >= 0 && !Readable.Contains(name))
            {
                parts[i] = name + "=" + Mask;
            }
            else if (equals < 0 && name.Length > 0)
            {
                // A bare value ("?eyJhbGciOi...") may itself be the token.
                parts[i] = Mask;
            }
        }

        return (query.StartsWith('?') ? "?" : string.Empty) + string.Join('&', parts);
    }
}
