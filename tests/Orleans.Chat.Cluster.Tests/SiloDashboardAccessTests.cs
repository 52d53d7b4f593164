using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Orleans.Chat.Cluster.Tests.Infrastructure;

namespace Orleans.Chat.Cluster.Tests;

/// <summary>
/// The stand-alone silo process in Production (as its image runs it): the Orleans Dashboard behind
/// HTTP Basic, not served without credentials, and no start with a weak dashboard password.
/// A single-node silo (localhost membership) is enough: the dashboard does not depend on Redis.
/// </summary>
public sealed class SiloDashboardAccessTests : IAsyncLifetime
{
    private const string Username = "operator";
    private const string Password = "Tq8#vL2m!Rz5Wx9c@Nd4";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly string _workDirectory = Directory.CreateTempSubdirectory("orleans-chat-silo-dashboard-").FullName;
    private readonly List<NodeProcess> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        Directory.Delete(_workDirectory, recursive: true);
    }

    [Fact]
    public async Task A_Production_silo_with_credentials_asks_for_them_on_every_dashboard_route()
    {
        var silo = await StartSiloAsync(new Dictionary<string, string>
        {
            ["Orleans__DashboardUsername"] = Username,
            ["Orleans__DashboardPassword"] = Password,
        });

        foreach (var path in new[] { "/dashboard/", "/dashboard/ClusterStats", "/dashboard/Trace" })
        {
            using var anonymous = await Http.GetAsync(new Uri(silo, path), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
            using var wrong = await GetAsync(new Uri(silo, path), Username, "not-the-password");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var page = await GetAsync(new Uri(silo, "/dashboard/"), Username, Password);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_Production_silo_without_credentials_does_not_serve_the_dashboard()
    {
        var silo = await StartSiloAsync([]);

        using var response = await Http.GetAsync(new Uri(silo, "/dashboard/"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_Production_silo_with_a_weak_dashboard_password_refuses_to_start()
    {
        var weak = "password-password-admin";
        var process = Launch(new Dictionary<string, string> { ["Orleans__DashboardUsername"] = Username, ["Orleans__DashboardPassword"] = weak }, out _);

        var deadline = DateTime.UtcNow + ChatCluster.StartTimeout;
        while (!process.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.True(process.HasExited, "the silo started with a weak dashboard password");
        var log = process.ReadLog();
        Assert.Contains("Orleans:DashboardPassword", log, StringComparison.Ordinal);
        Assert.DoesNotContain(weak, log, StringComparison.Ordinal);
    }

    private async Task<Uri> StartSiloAsync(Dictionary<string, string> environment)
    {
        var process = Launch(environment, out var baseUri);
        await HttpReadiness.WaitAsync(process, new Uri(baseUri, "/health/live"), ChatCluster.StartTimeout);
        return baseUri;
    }

    private NodeProcess Launch(Dictionary<string, string> environment, out Uri baseUri)
    {
        var httpPort = FreePort.Next();
        baseUri = new Uri($"http://127.0.0.1:{httpPort}");
        var settings = new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            ["Orleans__Dashboard"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var name = $"silo-{_processes.Count + 1}";
        var process = NodeProcess.Start(
            name,
            "dotnet",
            [
                RepositoryLayout.SiloDll,
                "--urls", baseUri.ToString(),
                "--Orleans:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
                "--Orleans:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ],
            settings,
            Path.GetDirectoryName(RepositoryLayout.SiloDll)!,
            Path.Combine(_workDirectory, $"{name}.log"));
        _processes.Add(process);
        return process;
    }

    private static async Task<HttpResponseMessage> GetAsync(Uri uri, string username, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
