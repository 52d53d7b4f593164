using System.Net;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// Sessions opened but not yet accepted by the application (no Socket.IO namespace joined yet), in
/// total and per client address. An address leaves the table when its count drops to zero, so the
/// table never holds more entries than there are pending sessions.
/// </summary>
internal sealed class PendingSessionCounter(int maxTotal, int maxPerAddress)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private int _total;

    /// <summary>Counts one more pending session for <paramref name="address"/>; false when a cap is reached.</summary>
    public bool TryEnter(IPAddress? address)
    {
        lock (_gate)
        {
            if (_total >= maxTotal)
            {
                return false;
            }

            if (address is not null)
            {
                var count = _perAddress.GetValueOrDefault(address);
                if (count >= maxPerAddress)
                {
                    return false;
                }

                _perAddress[address] = count + 1;
            }

            _total++;
            return true;
        }
    }

    public void Leave(IPAddress? address)
    {
        lock (_gate)
        {
            _total--;
            if (address is not null && _perAddress.TryGetValue(address, out var count))
            {
                if (count <= 1)
                {
                    _perAddress.Remove(address);
                }
                else
                {
                    _perAddress[address] = count - 1;
                }
            }
        }
    }
}
