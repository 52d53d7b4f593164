using System.Threading.Channels;

namespace Orleans.Chat.Client.Internal;

/// <summary>
/// Runs event handlers one at a time, in the order the events were posted, on a background task:
/// the socket's receive loop only posts, so a slow handler delays later handlers but never the
/// connection (acks, pings, other rooms' bookkeeping).
/// </summary>
internal sealed class EventDispatcher
{
    private readonly Channel<Action> _queue = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<Exception>? _onHandlerException;
    private readonly Task _loop;

    public EventDispatcher(Action<Exception>? onHandlerException)
    {
        _onHandlerException = onHandlerException;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once every event posted before <see cref="Complete"/> was handled.</summary>
    public Task Completion => _loop;

    public void Post(Action raise) => _queue.Writer.TryWrite(raise);

    public void Complete() => _queue.Writer.TryComplete();

    private async Task RunAsync()
    {
        await foreach (var raise in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                raise();
            }
            catch (Exception ex)
            {
                // An app handler's failure must not stop the events that follow.
                ReportHandlerFailure(ex);
            }
        }
    }

    /// <summary>Hands an event handler's exception to the app's callback, if any.</summary>
    public void ReportHandlerFailure(Exception exception)
    {
        try
        {
            _onHandlerException?.Invoke(exception);
        }
        catch (Exception)
        {
            // The callback itself failed; nothing left to tell.
        }
    }
}
