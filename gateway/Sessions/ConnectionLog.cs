using System.Net;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// The connection log (the operator's view of who connects): one Information line when a session opens,
/// one when it closes, and a Debug line for a refused connection (Debug, since a stranger can send any
/// number of those). Per connection, never per message; never a token. Off by default (see
/// ChatLogging.ConnectionsCategory): Logging:LogLevel:Orleans.Chat.Gateway.Connections=Information turns it on.
/// </summary>
public static partial class ConnectionLog
{
    /// <summary>One category of its own, so that operators can set its level apart from the rest.</summary>
    public const string Category = global::Orleans.Chat.Hosting.ChatLogging.ConnectionsCategory;

    public const int OpenedEventId = 5850;
    public const int ClosedEventId = 5851;
    public const int RefusedEventId = 5852;

    public static ILogger For(ILoggerFactory loggers) => loggers.CreateLogger(Category);

    public static void Opened(ILogger logger, ChatSession session) =>
        LogOpened(logger, session.User.Id, session.Id, session.Origin.Address, session.Origin.Protocol, session.Origin.Transport);

    public static void Closed(ILogger logger, ChatSession session, TimeSpan duration, string reason) =>
        LogClosed(logger, session.User.Id, session.Id, session.Origin.Address, session.Origin.Protocol, session.Origin.Transport,
            (long)duration.TotalMilliseconds, reason);

    public static void Refused(ILogger logger, IPAddress? remoteAddress, string protocol, string transport, string reason) =>
        LogRefused(logger, AddressText(remoteAddress), protocol, transport, reason);

    /// <summary>The address as the per-address caps see it, before their /64 grouping: IPv4-mapped IPv6 as IPv4.</summary>
    public static string AddressText(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    [LoggerMessage(EventId = OpenedEventId, Level = LogLevel.Information,
        Message = "Session opened: user {UserId}, session {SessionId}, from {RemoteAddress} over {Protocol}/{Transport}")]
    private static partial void LogOpened(ILogger logger, string userId, string sessionId, string remoteAddress, string protocol, string transport);

    [LoggerMessage(EventId = ClosedEventId, Level = LogLevel.Information,
        Message = "Session closed: user {UserId}, session {SessionId}, from {RemoteAddress} over {Protocol}/{Transport} after {DurationMs} ms: {CloseReason}")]
    private static partial void LogClosed(ILogger logger, string userId, string sessionId, string remoteAddress, string protocol, string transport, long durationMs, string closeReason);

    [LoggerMessage(EventId = RefusedEventId, Level = LogLevel.Debug,
        Message = "Connection refused from {RemoteAddress} over {Protocol}/{Transport}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string remoteAddress, string protocol, string transport, string reason);
}
