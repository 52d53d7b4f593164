using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Hosting;

/// <summary>
/// How the in-memory stream queues are polled (section "Streams"). Only cluster-wide broadcasts
/// travel on streams (room and user events are pushed to gateways), so one queue is plenty.
/// </summary>
public sealed class ChatStreamOptions
{
    public const string SectionName = "Streams";

    /// <summary>
    /// How often each pulling agent reads its queue. Memory streams are pulled on a timer, so this
    /// period is added to a broadcast's latency (Orleans' default of 100 ms costs ~60 ms at p50),
    /// and every poll wakes the process, idle or not: at 10 ms the polls were about 5 % of a core of
    /// an idle single node (bench idle-10k), at 50 ms about 1 %.
    /// </summary>
    [Range(1, 1000)]
    public int PollPeriodMs { get; set; } = 50;

    /// <summary>Number of stream queues (one pulling agent each, spread over the silos).</summary>
    [Range(1, 256)]
    public int Queues { get; set; } = 1;

    /// <summary>
    /// Reads and validates the section now: stream settings shape silos and clients as they are
    /// built, before options validation at start would run.
    /// </summary>
    public static ChatStreamOptions From(IConfiguration configuration) =>
        ValidatedOptions.Read<ChatStreamOptions, ChatStreamOptionsValidator>(configuration, SectionName);
}

[OptionsValidator]
internal sealed partial class ChatStreamOptionsValidator : IValidateOptions<ChatStreamOptions>;
