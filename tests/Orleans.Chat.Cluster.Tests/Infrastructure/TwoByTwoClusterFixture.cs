namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>
/// Two silos and two gateways shared by the tests that kill nothing; they use fresh user and
/// room ids so they never see each other's traffic.
/// </summary>
public sealed class TwoByTwoClusterFixture : IAsyncLifetime
{
    public ChatCluster Cluster { get; private set; } = null!; // set by InitializeAsync, which fails the tests when it cannot

    public async Task InitializeAsync() => Cluster = await ChatCluster.StartAsync("shared", silos: 2, gateways: 2);

    public async Task DisposeAsync()
    {
        if (Cluster is { } cluster)
        {
            await cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TwoByTwoClusterCollection : ICollectionFixture<TwoByTwoClusterFixture>
{
    public const string Name = "two silos, two gateways";
}
