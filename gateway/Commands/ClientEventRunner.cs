using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Gateway.Metrics;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// Runs one client event for a session, whatever protocol carried it: in the session's order
/// (<see cref="CommandPipeline"/>), rate limited, dispatched with the session's lifetime token,
/// failures mapped to error payloads; then the protocol queues the reply, and only then does the
/// command's after-reply step (successes only) run. Every protocol calls this, so none can skip a step.
/// </summary>
public sealed partial class ClientEventRunner(ICommandDispatcher dispatcher, ClientEventRateLimiter rateLimiter, ILogger<ClientEventRunner> logger)
{
    /// <summary>
    /// Runs the event. An event that may overlap is dispatched before this returns, up to its first
    /// await, so it has read its payload by then (the protocol reuses the inbound buffer).
    /// </summary>
    public ValueTask RunAsync<TEvent>(ChatSession session, TEvent evt) where TEvent : IClientEvent
    {
        GatewayMetrics.EventIn(evt.Name);
        session.Observer?.EventReceived(session, evt.Name, evt.Data);
        return session.Commands.RunAsync(dispatcher.CanOverlap(evt.Name), () => RunOneAsync(session, evt), dispatcher.OverlapLimit(evt.Name));
    }

    /// <summary>Answers an event this protocol does not carry with <paramref name="error"/>, in the session's order.</summary>
    public ValueTask RefuseAsync<TEvent>(ChatSession session, TEvent evt, ErrorPayload error) where TEvent : IClientEvent
    {
        GatewayMetrics.EventIn(evt.Name);
        GatewayMetrics.Refused(error.Code);
        return session.Commands.RunAsync(overlaps: false, async () =>
        {
            evt.ReleasePayload();
            await evt.WriteReplyAsync(session, ClientReply.Fail(error));
        });
    }

    private async Task RunOneAsync<TEvent>(ChatSession session, TEvent evt) where TEvent : IClientEvent
    {
        CommandReply? outcome;
        try
        {
            outcome = await DispatchAsync(session, evt);
        }
        finally
        {
            evt.ReleasePayload();
        }

        if (outcome is not { } reply)
        {
            return;
        }

        await evt.WriteReplyAsync(session, reply.Reply);
        if (reply.Reply.Error is { } error)
        {
            GatewayMetrics.Refused(error.Code);
        }

        // Only after a success: an error reply means the command changed nothing to follow up on.
        // The step fails the session when it throws (the client holds an ack for a state this gateway did not reach).
        if (!reply.Reply.IsError && reply.AfterReply is { } after)
        {
            await after();
        }
    }

    /// <summary>The command's reply; null when the session closed while it ran (nobody is left to answer).</summary>
    private async Task<CommandReply?> DispatchAsync<TEvent>(ChatSession session, TEvent evt) where TEvent : IClientEvent
    {
        if (!rateLimiter.TryAcquire(session.User.Id, evt.Name))
        {
            return CommandReply.Fail(ClientErrors.RateLimited);
        }

        try
        {
            return await dispatcher.DispatchAsync(session, evt.Name, evt.Data, evt.Binary, session.Closed);
        }
        catch (OperationCanceledException) when (session.Closed.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Grain timeouts, storage failures, silo loss: the request failed, the connection lives on.
            LogCommandFailed(logger, ex, evt.Name, session.Id);
            return CommandReply.Fail(ClientErrors.Unavailable);
        }
    }

    [LoggerMessage(EventId = 5300, Level = LogLevel.Error, Message = "Client event {EventName} of session {SessionId} failed")]
    private static partial void LogCommandFailed(ILogger logger, Exception ex, string eventName, string sessionId);
}
