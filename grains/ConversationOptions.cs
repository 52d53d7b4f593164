using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>How much conversation history is kept and how many unread messages one user may leave another (section "Limits").</summary>
public sealed class ConversationOptions : IValidatableObject
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

    /// <summary>Retention keeps every message the cap lets stay unread.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HistoryPerConversation < MaxUnreadPrivateMessages)
        {
            yield return new ValidationResult(
                $"Limits:HistoryPerConversation ({HistoryPerConversation}) must be at least Limits:MaxUnreadPrivateMessages ({MaxUnreadPrivateMessages}): an unread message must never be dropped.");
        }
    }
}

[OptionsValidator]
internal sealed partial class ConversationOptionsValidator : IValidateOptions<ConversationOptions>;
