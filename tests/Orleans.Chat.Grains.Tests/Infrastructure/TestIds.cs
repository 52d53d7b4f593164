using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Fresh ids per test, so tests sharing a cluster never meet.</summary>
public static class TestIds
{
    public static string Room() => $"room-{Guid.NewGuid():N}";

    public static string Gateway() => $"gateway-{Guid.NewGuid():N}";

    public static UserRef User(string prefix = "user")
    {
        var id = $"{prefix}-{Guid.NewGuid():N}";
        return new UserRef { Id = id, Name = $"{prefix} name" };
    }
}
