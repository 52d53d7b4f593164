namespace Orleans.Chat.Gateway.Admission;

/// <summary>
/// Live counts per key (user id, client address) with a cap. A key leaves the table when its count
/// drops to zero, so the table holds no more entries than there are live connections.
/// </summary>
internal sealed class ConcurrencyCounter<TKey>(int limit)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, int> _counts = [];

    /// <summary>A slot for <paramref name="key"/>, released by disposing it; null when the key is at its cap.</summary>
    public IDisposable? TryAcquire(TKey key)
    {
        lock (_gate)
        {
            var count = _counts.GetValueOrDefault(key);
            if (count >= limit)
            {
                return null;
            }

            _counts[key] = count + 1;
        }

        return new Slot(this, key);
    }

    private void Release(TKey key)
    {
        lock (_gate)
        {
            if (_counts.TryGetValue(key, out var count))
            {
                if (count <= 1)
                {
                    _counts.Remove(key);
                }
                else
                {
                    _counts[key] = count - 1;
                }
            }
        }
    }

    private sealed class Slot(ConcurrencyCounter<TKey> owner, TKey key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(key);
            }
        }
    }
}
