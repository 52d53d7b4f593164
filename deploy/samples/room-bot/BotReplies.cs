using System.Globalization;

namespace Orleans.Chat.Samples.RoomBot;

/// <summary>What the bot answers to a message: a reply to its commands, null to anything else.</summary>
public sealed class BotReplies(TimeProvider time)
{
    public string? ReplyTo(string content) => content.Trim() switch
    {
        "!ping" => "pong",
        "!time" => "It is " + time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
        "!help" => "I answer !ping, !time and !help.",
        _ => null,
    };
}
