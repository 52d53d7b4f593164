using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>Which names room-event accepts: those Gateway:RoomEventPattern matches as a whole (compiled once, matched with a timeout).</summary>
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
            // The whole name must match: "$" alone also matches before a final "\n".
            var match = _pattern.Match(name);
            return match.Success && match.Index == 0 && match.Length == name.Length;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
