namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// A cancellation token whose source is made only when someone asks for the token: an idle connection that nobody
/// watches holds no source. The owner cancels <c>Volatile.Read(ref source)?.Cancel()</c> after marking itself ended.
/// </summary>
internal static class LazyCancellation
{
    /// <summary>The token of <paramref name="source"/>, made on first call; cancelled already once <paramref name="ended"/> holds.</summary>
    public static CancellationToken TokenOf<TOwner>(ref CancellationTokenSource? source, TOwner owner, Func<TOwner, bool> ended)
    {
        if (ended(owner))
        {
            return new CancellationToken(canceled: true);
        }

        var made = Volatile.Read(ref source) ?? Interlocked.CompareExchange(ref source, new CancellationTokenSource(), null) ?? source!;
        // An end between the check above and the source's publication found no source to cancel.
        if (ended(owner))
        {
            made.Cancel();
        }

        return made.Token;
    }
}
