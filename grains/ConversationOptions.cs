using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>How much conversation history is kept and how many unread messages one user may leave another (section "Limits").</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "Limits";

    /// <summary>Messages retained per two-user conversation; older ones are dropped from storage.</summary>
    [Range(1, 100_000)]
    public int HistoryPerConversation { get; set; } = 1000;

    /// <summary>
    /// Unread messages one user may have from the other in a conversation; the next one is refused
    /// (quota_exceeded) until the recipient reads. Never above <see cref="HistoryPerConversation"/>,
    /// so an unread message is never dropped by retention.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxUnreadPrivateMessages { get; set; } = 1000;
}

[OptionsValidator]
internal sealed partial class ConversationOptionsAttributesValidator : IValidateOptions<ConversationOptions>;

/// <summary>The attribute ranges, and retention that keeps every message the cap lets stay unread.</summary>
internal sealed class ConversationOptionsValidator : IValidateOptions<ConversationOptions>
{
    private readonly ConversationOptionsAttributesValidator _attributes = new();

    public ValidateOptionsResult Validate(string? name, ConversationOptions options)
    {
        var result = _attributes.Validate(name, options);
        if (result.Failed)
        {
            return result;
        }

        return options.HistoryPerConversation < options.MaxUnreadPrivateMessages
            ? ValidateOptionsResult.Fail(
                $"Limits:HistoryPerConversation ({options.HistoryPerConversation}) must be at least Limits:MaxUnreadPrivateMessages ({options.MaxUnreadPrivateMessages}): an unread message must never be dropped.")
            : ValidateOptionsResult.Success;
    }
}
