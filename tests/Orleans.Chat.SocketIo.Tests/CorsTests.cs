using System.Net;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

public sealed class CorsTests(RelaxedSocketIoServerFixture server) : IClassFixture<RelaxedSocketIoServerFixture>
{
    [Fact]
    public async Task Polling_echoes_the_origin_with_credentials()
    {
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, client.Url("EIO=4&transport=polling"));
        request.Headers.Add("Origin", "https://chat.example");

        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://chat.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    [Fact]
    public async Task Preflight_is_answered()
    {
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, client.Url("EIO=4&transport=polling"));
        request.Headers.Add("Origin", "https://chat.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://chat.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }
}
