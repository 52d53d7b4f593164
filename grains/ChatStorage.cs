namespace Orleans.Chat.Grains;

/// <summary>Names of the grain storage the chat grains keep their state in.</summary>
public static class ChatStorage
{
    /// <summary>
    /// The named grain storage of every chat grain. Hosts bind it to memory storage
    /// (single node) or to durable storage (cluster); the grains work the same on both.
    /// </summary>
    public const string Name = "chat";
}
