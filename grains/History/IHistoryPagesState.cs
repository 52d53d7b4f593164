namespace Orleans.Chat.Grains;

/// <summary>
/// The page bookkeeping a grain keeps in its own state next to its history pages. Written only when
/// a message starts a page (and with the owner's other writes), so it may lag: loading probes forward.
/// </summary>
internal interface IHistoryPagesState
{
    /// <summary>The newest history page as of the last rollover (a hint).</summary>
    long HeadPage { get; set; }

    /// <summary>The oldest history page that may still hold data (pages below it were cleared).</summary>
    long OldestStoredPage { get; set; }
}
