using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Acts on each session's token expiry, each session set once in the gateway's one schedule for its next step:
/// token-expiring at exp - Auth:ExpiryWarning, then at exp + Auth:ClockSkew without a refresh the
/// error token_expired and the close. A token with less than twice the warning left is warned about
/// halfway through, so that a short-lived token does not set off a refresh at once, again and again.
/// </summary>
public sealed class TokenExpiryWatch : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _warning;
    private readonly TimeSpan _skew;
    private readonly TokenExpirySchedule _schedule;

    public TokenExpiryWatch(TimeProvider time, IOptions<AuthOptions> options)
    {
        _time = time;
        _warning = options.Value.ExpiryWarning;
        _skew = options.Value.ClockSkew;
        _schedule = new TokenExpirySchedule(time, Evaluate);
    }

    /// <summary>Sessions waiting for their next step.</summary>
    internal int Pending => _schedule.Count;

    /// <summary>Starts watching the session's token (nothing to watch for a token without exp).</summary>
    public void Start(ChatSession session)
    {
        lock (session.Token.Gate)
        {
            session.Token.AcceptedAt = _time.GetUtcNow();
        }

        Evaluate(session);
    }

    /// <summary>Stops watching: the session closed.</summary>
    public void Stop(ChatSession session)
    {
        lock (session.Token.Gate)
        {
            session.Token.Ended = true;
            _schedule.Clear(session);
        }
    }

    public void Dispose() => _schedule.Dispose();

    /// <summary>
    /// Moves the session's expiry to the new token's and re-arms the warning; false when the session
    /// already expired or closed.
    /// </summary>
    public bool Extend(ChatSession session, DateTimeOffset? expiresAt)
    {
        var token = session.Token;
        lock (token.Gate)
        {
            if (token.Ended)
            {
                return false;
            }

            // Warned again only for a later exp: the same token sent back must not set off another
            // refresh at once, and another after that.
            token.Warned &= expiresAt is { } next && token.Expiry is { } current && next <= current;
            token.Expiry = expiresAt;
            token.AcceptedAt = _time.GetUtcNow();
            // A token without exp (Auth:RequireExpiration off) never expires: nothing more to do.
            _schedule.Clear(session);
        }

        Evaluate(session);
        return true;
    }

    /// <summary>Does what is due now and sets the next step in the schedule, always in the future.</summary>
    private void Evaluate(ChatSession session)
    {
        var token = session.Token;
        var warn = false;
        var expire = false;
        DateTimeOffset expiry;
        lock (token.Gate)
        {
            if (token.Ended || token.Expiry is not { } exp)
            {
                return;
            }

            expiry = exp;
            var now = _time.GetUtcNow();
            // An exp at the end of time (another issuer's "never") must not overflow.
            var closeAt = exp > DateTimeOffset.MaxValue - _skew ? DateTimeOffset.MaxValue : exp + _skew;
            if (now >= closeAt)
            {
                token.Ended = expire = true;
            }
            else
            {
                var warnAt = WarnAt(exp, token.AcceptedAt);
                warn = now >= warnAt && !token.Warned;
                token.Warned |= warn;
                _schedule.Set(session, token.Warned ? closeAt : warnAt);
            }
        }

        if (warn)
        {
            session.Enqueue(new OutboundEvent(
                ServerEventNames.TokenExpiring,
                new TokenExpiringEvent(expiry.ToUnixTimeMilliseconds()),
                ChatJsonContext.Default.TokenExpiringEvent));
        }
        else if (expire)
        {
            session.Enqueue(new OutboundEvent(ServerEventNames.Error, ClientErrors.TokenExpired, ChatJsonContext.Default.ErrorPayload));
            session.Close(ServerCloseReason.TokenExpired);
        }
    }

    private DateTimeOffset WarnAt(DateTimeOffset expiresAt, DateTimeOffset acceptedAt)
    {
        var halfway = acceptedAt + ((expiresAt - acceptedAt) / 2);
        var warnAt = expiresAt - _warning;
        return warnAt > halfway ? warnAt : halfway;
    }
}
