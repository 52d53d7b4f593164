namespace Orleans.Chat.Testing;

/// <summary>How long the kit waits for what a test expects before it fails.</summary>
public static class TestTimeouts
{
    /// <summary>Generous for a loaded 2-core CI machine; a test that waits this long has failed.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);
}
