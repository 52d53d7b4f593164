namespace Orleans.Chat.Client;

/// <summary>The media of a call.</summary>
public static class CallMedia
{
    /// <summary>Audio only.</summary>
    public const string Audio = "audio";

    /// <summary>Audio and video.</summary>
    public const string Video = "video";
}
