namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>
/// The sample room bot (deploy/samples/room-bot) as a separate process: an Orleans client that
/// joins the test cluster through its Redis, like a backend service next to a real cluster.
/// </summary>
public static class RoomBotNode
{
    public const string ReadyLine = "ready in room";

    /// <summary>Starts the bot for <paramref name="roomId"/> as <paramref name="botUserId"/> and waits until it has greeted.</summary>
    public static async Task<NodeProcess> StartAsync(ChatCluster cluster, string botUserId, string roomId, string greeting)
    {
        var name = $"room-bot-{botUserId}";
        var process = NodeProcess.Start(
            name,
            "dotnet",
            [RepositoryLayout.RoomBotDll],
            new Dictionary<string, string>
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["DOTNET_NOLOGO"] = "1",
                ["Orleans__Membership"] = "Redis",
                ["Orleans__ClusterId"] = cluster.ClusterId,
                ["Redis__ConnectionString"] = cluster.Redis.ConnectionString,
                ["Backend__UserId"] = botUserId,
                ["Backend__UserName"] = "Bot " + botUserId,
                ["Bot__RoomId"] = roomId,
                ["Bot__Greeting"] = greeting,
                ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            },
            Path.GetDirectoryName(RepositoryLayout.RoomBotDll)!,
            Path.Combine(cluster.WorkDirectory, $"{name}.log"));
        cluster.Log($"starting {name} (pid {process.ProcessId})");
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(process.HasExited || process.ReadLog().Contains(ReadyLine, StringComparison.Ordinal)), ChatCluster.StartTimeout, $"{name} ready");
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited before it was ready:\n{process.Tail()}");
            }
        }
        catch
        {
            cluster.Log(process.Tail());
            await process.DisposeAsync();
            throw;
        }

        cluster.Log($"{name} ready");
        return process;
    }
}
