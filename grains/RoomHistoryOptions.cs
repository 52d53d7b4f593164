using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>How much room history is kept and how it is paged in storage (section "Limits").</summary>
public sealed class RoomHistoryOptions
{
    public const string SectionName = "Limits";

    /// <summary>Messages retained per room; older ones are dropped from storage.</summary>
    [Range(1, 100_000)]
    public int HistoryPerRoom { get; set; } = 1000;

    /// <summary>Messages per stored page: appending a message rewrites only its page.</summary>
    [Range(10, 1000)]
    public int HistoryPageSize { get; set; } = 100;
}

[OptionsValidator]
internal sealed partial class RoomHistoryOptionsValidator : IValidateOptions<RoomHistoryOptions>;
