using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Hosting;
using Orleans.Chat.Model;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// Orleans:Tls for real: two silos and a client, each with a certificate from a private CA made
/// in the test, talking mutual TLS; a client whose certificate another CA issued is refused.
/// </summary>
public sealed class ClusterTlsTests : IAsyncLifetime
{
    private readonly TestCertificates _certificates = new("cluster");
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 2);
        // Real TCP sockets (TestCluster's default is in-memory), as between processes.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        foreach (var (key, value) in _certificates.Settings())
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<TlsSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TlsClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task Grain_calls_work_between_silos_and_from_a_client_over_mutual_TLS()
    {
        // Rooms spread over both silos: calls go client -> silo and silo -> silo (directory, placement).
        for (var i = 0; i < 8; i++)
        {
            var room = _cluster.Client.GetGrain<IRoomGrain>(TestIds.Room());
            var created = await room.Create(new CreateRoomRequest { Owner = TestIds.UserRef(), Name = "tls", Visibility = "public" });
            Assert.Equal(ChatError.None, created.Error);
        }

        var stats = await _cluster.Client.GetGrain<IChatStatsGrain>(0).GetStats();
        Assert.True(stats.Rooms >= 8);
        Assert.Equal(2, (await _cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count);
    }

    [Fact]
    public async Task A_client_whose_certificate_another_CA_issued_gets_no_answer()
    {
        using var stranger = new TestCertificates("stranger");
        var strangerSettings = stranger.Settings();
        // It trusts the cluster's CA, so only its own certificate is at fault.
        strangerSettings["Orleans:Tls:TrustedCertificatePath"] = _certificates.CaPath;

        // The same client code with the cluster's certificate is answered: the refusal below is the certificate's.
        Assert.True(await AnswersAsync(_certificates.Settings()));
        Assert.False(await AnswersAsync(strangerSettings));
    }

    /// <summary>Whether a stand-alone client with these Orleans:Tls settings gets a grain call answered within a few seconds.</summary>
    private async Task<bool> AnswersAsync(Dictionary<string, string> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings!);
        builder.UseOrleansClient(client => client
            .UseLocalhostClustering(_cluster.Primary!.GatewayAddress.Endpoint.Port, _cluster.Options.ServiceId, _cluster.Options.ClusterId)
            .UseChatTls(builder.Configuration));
        using var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IChatStatsGrain>(0).GetStats().WaitAsync(TimeSpan.FromSeconds(10));
            return true;
        }
        catch (Exception)
        {
            return false;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private sealed class TlsSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.UseChatTls(siloBuilder.Configuration).AddChatGrains(siloBuilder.Configuration);
    }

    private sealed class TlsClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) => clientBuilder.UseChatTls(configuration);
    }
}
