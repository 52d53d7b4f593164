namespace Orleans.Chat.Grains;

/// <summary>One connection's hold on the queued private messages up to a queue seq, until confirmed or expired.</summary>
internal sealed record PendingClaim(string ConnectionId, long UpToQueueSeq, DateTimeOffset ExpiresAt);
