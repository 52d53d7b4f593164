namespace Orleans.Chat.Model;

/// <summary>
/// How long a gateway's subscription to a room's or a user's live events lasts. Subscriptions
/// live in the grain activation's memory and lapse unless renewed within <see cref="Lease"/>;
/// gateways renew every <see cref="RenewPeriod"/>, so a dead gateway stops receiving soon.
/// </summary>
public static class LiveEventLease
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan RenewPeriod = TimeSpan.FromSeconds(20);
}
