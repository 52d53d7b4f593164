using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Backend;

/// <summary>
/// The identity a backend service posts as and the input rules it applies. The limits are bound
/// from the gateway's own keys (Limits:MaxContentLength, Limits:MaxRoomEventBytes,
/// Gateway:RoomEventPattern), so a service given the gateway's configuration refuses exactly
/// what the gateway refuses; the identity and the feed's caps come from the "Backend" section.
/// </summary>
public sealed class ChatBackendOptions : IValidatableObject
{
    public const string SectionName = "Backend";
    public const string DefaultRoomEventPattern = "^[a-z][a-z0-9-]{0,63}$";

    /// <summary>The service user messages are posted as when a call names no sender (the server API's default too).</summary>
    [Required]
    public string UserId { get; set; } = "system";

    /// <summary>Its display name; the id when unset.</summary>
    public string? UserName { get; set; }

    /// <summary>Limits:MaxContentLength: the largest message content, in characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxContentLength { get; set; } = 4000;

    /// <summary>Limits:MaxRoomEventBytes: the largest app event data, in bytes of UTF-8 JSON.</summary>
    [Range(0, 1_048_576)]
    public int MaxRoomEventBytes { get; set; } = 4096;

    /// <summary>Gateway:RoomEventPattern: the app event names accepted (matched as a whole).</summary>
    [Required]
    public string RoomEventPattern { get; set; } = DefaultRoomEventPattern;

    /// <summary>
    /// Scopes (rooms, conversations) whose last seq the chat-events feed remembers for gap detection;
    /// past it the oldest is forgotten and its next event starts over without a gap check.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxTrackedScopes { get; set; } = 100_000;

    /// <summary>Most messages one gap repair reads from history; a larger gap is reported as not repaired.</summary>
    [Range(1, 1000)]
    public int MaxRepairMessages { get; set; } = 100;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Model.IdentityText.TryNormalizeId(UserId, out _))
        {
            yield return new ValidationResult($"{SectionName}:UserId '{UserId}' is not a valid user id.");
        }

        ValidationResult? patternError = null;
        try
        {
            _ = new Regex(RoomEventPattern ?? string.Empty, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException)
        {
            patternError = new ValidationResult($"Gateway:RoomEventPattern '{RoomEventPattern}' is not a valid regular expression.");
        }

        if (patternError is not null)
        {
            yield return patternError;
        }
    }
}

[OptionsValidator]
internal sealed partial class ChatBackendOptionsValidator : IValidateOptions<ChatBackendOptions>;
