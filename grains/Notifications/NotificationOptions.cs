using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains.Notifications;

/// <summary>
/// Webhook notifications for users with no live connection (section "Notifications"). Off unless
/// <see cref="WebhookUrl"/> is set; then <see cref="Secret"/> is required.
/// </summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string SectionName = "Notifications";

    /// <summary>Where notifications are POSTed (absolute http or https URL); unset turns notifications off.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The HMAC-SHA256 key of the X-OrleansChat-Signature header.</summary>
    public string? Secret { get; set; }

    /// <summary>Calls per notification, the first included, before it is dead-lettered.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry waits up to this (full jitter); each next one up to twice as long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts (also the most a Retry-After is honoured).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a user's messages gather before one call covers them all; 0 sends at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan Debounce { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>One webhook call's timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Webhook calls of one user queued or waiting for a retry; more are dropped (and counted).</summary>
    [Range(1, 1000)]
    public int MaxPendingPerUser { get; set; } = 10;

    /// <summary>Webhook calls queued or waiting for a retry in one silo; more are dropped (and counted).</summary>
    [Range(1, 1_000_000)]
    public int MaxPending { get; set; } = 10_000;

    /// <summary>Webhook calls in flight at once from one silo; the rest wait their turn.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentCalls { get; set; } = 32;

    /// <summary>Mentions looked at per room message; further ones are ignored.</summary>
    [Range(0, 100)]
    public int MaxMentionsPerMessage { get; set; } = 20;

    /// <summary>Characters of message content put in a notification.</summary>
    [Range(0, 4000)]
    public int MaxContentLength { get; set; } = 200;

    public bool Enabled => !string.IsNullOrWhiteSpace(WebhookUrl);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(WebhookUrl)} must be an absolute http or https URL.", [nameof(WebhookUrl)]);
        }

        if (string.IsNullOrEmpty(Secret))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(Secret)} is required when {SectionName}:{nameof(WebhookUrl)} is set.", [nameof(Secret)]);
        }

        if (InitialBackoff > MaxBackoff)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(InitialBackoff)} must not exceed {SectionName}:{nameof(MaxBackoff)}.", [nameof(InitialBackoff)]);
        }
    }
}

[OptionsValidator]
public sealed partial class NotificationOptionsValidator : IValidateOptions<NotificationOptions>;
