using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>Which names room-event accepts: Gateway:RoomEventPattern, compiled once, matched with a timeout.</summary>
public sealed class RoomEventNames(IOptions<GatewayOptions> options)
{
    // A configured pattern may backtrack badly on some input: bound what one client event can cost.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Regex _pattern = new(options.Value.RoomEventPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, MatchTimeout);

    public bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        try
        {
            return _pattern.IsMatch(name);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
