using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>One online user in its presence partition: the status and the connections per gateway.</summary>
internal sealed class UserPresence(UserRef user, string status, long since)
{
    // Most users are connected through one gateway: an array of one, grown on the rare second.
    private GatewayConnections[] _gateways = [];

    public UserRef User { get; set; } = user;

    public string Status { get; set; } = status;

    /// <summary>Unix milliseconds of the last status change.</summary>
    public long Since { get; set; } = since;

    public bool HasConnections => _gateways.Length > 0;

    public int Connections => _gateways.Sum(entry => entry.Connections);

    public ReadOnlySpan<GatewayConnections> Gateways => _gateways;

    public bool Holds(string gatewayId) => IndexOf(gatewayId) >= 0;

    /// <summary>Adds connections on the gateway; true when the gateway is new for the user.</summary>
    public bool Add(string gatewayId, int connections)
    {
        var index = IndexOf(gatewayId);
        if (index >= 0)
        {
            _gateways[index] = _gateways[index] with { Connections = _gateways[index].Connections + connections };
            return false;
        }

        _gateways = [.. _gateways, new GatewayConnections(gatewayId, connections)];
        return true;
    }

    /// <summary>One connection fewer on the gateway; true when that was its last one.</summary>
    public bool RemoveOne(string gatewayId)
    {
        var index = IndexOf(gatewayId);
        if (index < 0)
        {
            return false;
        }

        if (_gateways[index].Connections > 1)
        {
            _gateways[index] = _gateways[index] with { Connections = _gateways[index].Connections - 1 };
            return false;
        }

        Drop(gatewayId);
        return true;
    }

    /// <summary>Drops all the gateway's connections; true when it had any.</summary>
    public bool Drop(string gatewayId)
    {
        var index = IndexOf(gatewayId);
        if (index < 0)
        {
            return false;
        }

        _gateways = [.. _gateways.AsSpan(0, index), .. _gateways.AsSpan(index + 1)];
        return true;
    }

    private int IndexOf(string gatewayId)
    {
        for (var i = 0; i < _gateways.Length; i++)
        {
            if (string.Equals(_gateways[i].GatewayId, gatewayId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

internal readonly record struct GatewayConnections(string GatewayId, int Connections);
