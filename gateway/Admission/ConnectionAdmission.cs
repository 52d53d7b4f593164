using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.SocketIo.EngineIo;

namespace Orleans.Chat.Gateway.Admission;

/// <summary>
/// The gateway's connection caps, shared by /ws and Socket.IO: the connect rate and concurrent
/// connections per client address, and concurrent connections per user. All counted on this gateway.
/// </summary>
public sealed partial class ConnectionAdmission : IDisposable
{
    private readonly ConnectRateLimiter _rate;
    private readonly ConcurrencyCounter<IPAddress> _perAddress;
    private readonly ConcurrencyCounter<string> _perUser;
    private readonly ILogger<ConnectionAdmission> _logger;

    public ConnectionAdmission(IOptions<LimitsOptions> options, ILogger<ConnectionAdmission> logger)
    {
        var limits = options.Value;
        _rate = new ConnectRateLimiter(limits.ConnectsPerAddressPerMinute, limits.ConnectBurstPerAddress);
        _perAddress = new ConcurrencyCounter<IPAddress>(limits.ConnectionsPerAddress);
        _perUser = new ConcurrencyCounter<string>(limits.ConnectionsPerUser);
        _logger = logger;
    }

    /// <summary>
    /// A new connection from <paramref name="remoteAddress"/>: within the address's connect rate and
    /// connection cap. Returns the address slot (dispose it when the connection ends), or null when refused.
    /// </summary>
    public IDisposable? TryAdmitAddress(IPAddress? remoteAddress)
    {
        var key = ClientAddress.KeyOf(remoteAddress) ?? IPAddress.None;
        if (!_rate.TryTake(key))
        {
            LogRefused(_logger, "connect rate per address");
            return null;
        }

        var slot = _perAddress.TryAcquire(key);
        if (slot is null)
        {
            LogRefused(_logger, "connections per address");
        }

        return slot;
    }

    /// <summary>A new connection of <paramref name="userId"/>: its slot, or null when the user is at the cap.</summary>
    public IDisposable? TryAdmitUser(string userId)
    {
        var slot = _perUser.TryAcquire(userId);
        if (slot is null)
        {
            LogRefused(_logger, "connections per user");
        }

        return slot;
    }

    public void Dispose() => _rate.Dispose();

    [LoggerMessage(EventId = 5000, Level = LogLevel.Debug, Message = "Connection refused: over the {Cap} cap")]
    private static partial void LogRefused(ILogger logger, string cap);
}
