namespace Orleans.Chat.Fuzz.Tests.Infrastructure;

public static class TextChecks
{
    /// <summary>True when <paramref name="text"/> holds a surrogate without its pair (not encodable as UTF-8).</summary>
    public static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
