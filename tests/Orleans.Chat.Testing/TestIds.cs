using Orleans.Chat.Model;

namespace Orleans.Chat.Testing;

/// <summary>Fresh ids, so that tests sharing one gateway or cluster never see each other's users or rooms.</summary>
public static class TestIds
{
    public static string Room() => "room-" + Guid.NewGuid().ToString("N")[..12];

    public static string User(string prefix = "user") => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A fresh user as grain calls name one: a fresh id and "{prefix} name".</summary>
    public static UserRef UserRef(string prefix = "user") => new() { Id = User(prefix), Name = $"{prefix} name" };

    public static string Gateway() => "gateway-" + Guid.NewGuid().ToString("N")[..12];

    public static string ClientMsg() => "cm-" + Guid.NewGuid().ToString("N");
}
