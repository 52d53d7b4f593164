using Orleans.Chat.Streams;

namespace Orleans.Chat.Backend;

/// <summary>
/// Events of one scope the feed did not see: seqs after <see cref="AfterSeq"/> and before
/// <see cref="BeforeSeq"/>. For messages (<see cref="Changes"/> false) the feed reads them from history
/// and hands them to the handler before the event that showed the gap; <see cref="Repaired"/> says how
/// many it found (fewer when some are lost to retention or the gap is over Backend:MaxRepairMessages).
/// For edits and deletes (<see cref="Changes"/> true) nothing is repaired: read the scope's changes after AfterSeq.
/// </summary>
public sealed record ChatEventGap(ChatEventScope Scope, string ScopeId, bool Changes, long AfterSeq, long BeforeSeq, int Repaired)
{
    public long Missing => BeforeSeq - AfterSeq - 1;
}
