namespace Orleans.Chat.Grains.Files;

/// <summary>
/// Which chunks of an open upload are stored (in memory only: rebuilt from the store after a lost
/// activation) and how long each must be.
/// </summary>
internal sealed class FileUpload
{
    private readonly bool[] _received;

    public FileUpload(long size, int chunkSize, int chunkCount)
    {
        Size = size;
        ChunkSize = chunkSize;
        _received = new bool[chunkCount];
    }

    public long Size { get; }
    public int ChunkSize { get; }
    public int ChunkCount => _received.Length;

    /// <summary>Distinct chunks stored.</summary>
    public int Count { get; private set; }

    public bool IsComplete => Count == _received.Length;

    public static int ChunkCountFor(long size, int chunkSize) => (int)((size + chunkSize - 1) / chunkSize);

    /// <summary>Every chunk but the last is <see cref="ChunkSize"/> long; the last is the rest.</summary>
    public int LengthOf(int index) => index < ChunkCount - 1 ? ChunkSize : (int)(Size - ((long)ChunkCount - 1) * ChunkSize);

    public bool IsValid(int index, int length) => index >= 0 && index < ChunkCount && length == LengthOf(index);

    public void Mark(int index)
    {
        if (!_received[index])
        {
            _received[index] = true;
            Count++;
        }
    }

    /// <summary>A chunk the store no longer has (it expired there, or came back the wrong length).</summary>
    public void Unmark(int index)
    {
        if (_received[index])
        {
            _received[index] = false;
            Count--;
        }
    }

    /// <summary>Marks the chunks the store lists (after a lost activation); ignores indexes this upload does not have.</summary>
    public void MarkAll(IEnumerable<int> indexes)
    {
        foreach (var index in indexes)
        {
            if (index >= 0 && index < ChunkCount)
            {
                Mark(index);
            }
        }
    }

    public List<int> Received()
    {
        var indexes = new List<int>(Count);
        for (var i = 0; i < _received.Length; i++)
        {
            if (_received[i])
            {
                indexes.Add(i);
            }
        }

        return indexes;
    }
}
