using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>The Orleans Dashboard of a single-node gateway: who gets in, in which environment.</summary>
public sealed class DashboardAccessTests
{
    private const string SigningKey = "vHB0vxCDSGuo7QkXfcC75hFe++eTKt7/1XDlfPDSbXZz";
    private const string Username = "operator";
    private const string Password = "Tq8#vL2m!Rz5Wx9c@Nd4";

    /// <summary>The page, its API and its live trace: every route is behind the same guard.</summary>
    public static TheoryData<string> DashboardPaths => ["/dashboard/", "/dashboard/index.html", "/dashboard/version", "/dashboard/ClusterStats", "/dashboard/Trace"];

    [Fact]
    public async Task A_Production_gateway_without_credentials_does_not_serve_the_dashboard()
    {
        await using var server = await GatewayServer.StartAsync(Settings(), environment: "Production");

        foreach (var path in DashboardPaths)
        {
            using var response = await server.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_Production_gateway_with_credentials_asks_for_them_on_every_dashboard_route()
    {
        await using var server = await GatewayServer.StartAsync(Settings(withCredentials: true), environment: "Production");

        foreach (var path in DashboardPaths)
        {
            using var anonymous = await server.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);

            using var wrong = await GetAsync(server, path, Username, Password + "x");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

            using var wrongUser = await GetAsync(server, path, "admin", Password);
            Assert.Equal(HttpStatusCode.Unauthorized, wrongUser.StatusCode);
        }

        using var page = await GetAsync(server, "/dashboard/", Username, Password);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var version = await GetAsync(server, "/dashboard/version", Username, Password);
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
    }

    [Fact]
    public async Task The_rest_of_the_gateway_needs_no_dashboard_credentials()
    {
        await using var server = await GatewayServer.StartAsync(Settings(withCredentials: true), environment: "Production");

        using var health = await server.Http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_Development_gateway_without_credentials_serves_the_dashboard_to_loopback()
    {
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?> { ["Orleans:Dashboard"] = "true" });

        using var page = await server.Http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Only_one_of_username_and_password_fails_the_start()
    {
        var settings = Settings();
        settings["Orleans:DashboardUsername"] = Username;

        var error = await Record.ExceptionAsync(() => GatewayServer.StartAsync(settings, environment: "Production"));

        Assert.NotNull(error);
        Assert.Contains("Orleans:DashboardPassword", error.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(bool withCredentials = false)
    {
        var settings = new Dictionary<string, string?> { ["Auth:SigningKey"] = SigningKey, ["Orleans:Dashboard"] = "true" };
        if (withCredentials)
        {
            settings["Orleans:DashboardUsername"] = Username;
            settings["Orleans:DashboardPassword"] = Password;
        }

        return settings;
    }

    private static async Task<HttpResponseMessage> GetAsync(GatewayServer server, string path, string username, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        return await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
