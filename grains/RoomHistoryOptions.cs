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

    /// <summary>
    /// Messages per stored page for new rooms and conversations (each keeps the size it was created
    /// with). Appending a message rewrites its page, so small pages make sends cheap; activating a
    /// room reads HistoryPerRoom / HistoryPageSize pages.
    /// </summary>
    [Range(10, 1000)]
    public int HistoryPageSize { get; set; } = 20;
}

[OptionsValidator]
internal sealed partial class RoomHistoryOptionsValidator : IValidateOptions<RoomHistoryOptions>;
