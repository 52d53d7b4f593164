using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>The chat-events feed for backend consumers (section "ChatEvents"; see <see cref="Streams.ChatEvent"/>).</summary>
public sealed class ChatEventsOptions
{
    public const string SectionName = "ChatEvents";

    /// <summary>Webhook notifications consume the feed, so setting their URL turns it on as well.</summary>
    public const string WebhookUrlKey = "Notifications:WebhookUrl";

    /// <summary>
    /// Publish stored messages, edits, deletes and membership changes on the <c>chat-events</c>
    /// streams. Off by default: then the grains publish nothing and pay nothing for it.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Events one room or conversation may have waiting to be sent while the stream queue is slow;
    /// newer ones are dropped (and logged), which a consumer sees as a gap to repair from history.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPendingPerScope { get; set; } = 10_000;

    /// <summary>Turns the feed on when <see cref="WebhookUrlKey"/> is set, whatever the section says.</summary>
    internal void EnableForWebhooks(IConfiguration configuration) =>
        Enabled |= !string.IsNullOrWhiteSpace(configuration[WebhookUrlKey]);
}

[OptionsValidator]
internal sealed partial class ChatEventsOptionsValidator : IValidateOptions<ChatEventsOptions>;
