namespace Orleans.Chat.Gateway.Tests.Infrastructure;

/// <summary>Fresh ids, so that tests sharing one gateway never see each other's users or rooms.</summary>
public static class TestIds
{
    public static string Room() => "room-" + Guid.NewGuid().ToString("N")[..12];

    public static string User() => "user-" + Guid.NewGuid().ToString("N")[..12];

    public static string ClientMsg() => "cm-" + Guid.NewGuid().ToString("N");
}
