namespace Orleans.Chat.Client.Tests.Infrastructure;

/// <summary>Fresh ids, so that tests sharing one gateway never see each other's users or rooms.</summary>
public static class Ids
{
    public static string Room() => "room-" + Guid.NewGuid().ToString("N")[..12];

    public static string User(string prefix = "user") => prefix + "-" + Guid.NewGuid().ToString("N")[..12];
}
