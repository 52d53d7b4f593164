using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Acts on each session's token expiry with one timer per session, re-armed rather than ticking:
/// token-expiring at exp - Auth:ExpiryWarning, then at exp + Auth:ClockSkew without a refresh the
/// error token_expired and the close. A token with less than twice the warning left is warned about
/// halfway through, so that a short-lived token does not set off a refresh at once, again and again.
/// </summary>
public sealed class TokenExpiryWatch(TimeProvider time, IOptions<AuthOptions> options)
{
    // A timer cannot wait longer than about 49 days; a later step is re-checked when this wait ends.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(30);

    private readonly TimeSpan _warning = options.Value.ExpiryWarning;
    private readonly TimeSpan _skew = options.Value.ClockSkew;

    /// <summary>Starts watching the session's token (nothing to watch for a token without exp).</summary>
    public void Start(ChatSession session)
    {
        lock (session.Token.Gate)
        {
            session.Token.AcceptedAt = time.GetUtcNow();
        }

        Evaluate(session);
    }

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
            token.AcceptedAt = time.GetUtcNow();
            // A token without exp (Auth:RequireExpiration off) never expires: the timer rests.
            token.Timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        Evaluate(session);
        return true;
    }

    /// <summary>Does what is due now and arms the timer for the next step; the timer is only ever set in the future.</summary>
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
            var now = time.GetUtcNow();
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
                var next = token.Warned ? closeAt : warnAt;
                token.Timer ??= time.CreateTimer(static state => OnTimer(state!), (this, session), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                token.Timer.Change(next - now < LongestWait ? next - now : LongestWait, Timeout.InfiniteTimeSpan);
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

    private static void OnTimer(object state)
    {
        var (watch, session) = ((TokenExpiryWatch, ChatSession))state;
        watch.Evaluate(session);
    }
}
