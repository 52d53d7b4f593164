using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>When rooms send read-receipts (section "Limits").</summary>
public sealed class ReadReceiptOptions
{
    public const string SectionName = "Limits";

    /// <summary>
    /// Rooms with more members store read cursors but send no read-receipt: every receipt goes to
    /// every member, so their traffic would grow with the square of the room's size.
    /// </summary>
    [Range(0, 10_000_000)]
    public int ReceiptMaxMembers { get; set; } = 100;
}

[OptionsValidator]
internal sealed partial class ReadReceiptOptionsValidator : IValidateOptions<ReadReceiptOptions>;
