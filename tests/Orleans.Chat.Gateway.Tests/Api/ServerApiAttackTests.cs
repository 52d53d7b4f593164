using System.Net;
using System.Net.Http.Headers;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Api;

/// <summary>Every guarded endpoint of the server API against requests without the key, with a wrong one, and with hostile bodies.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ServerApiAttackTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/broadcast" },
        { "POST", "/api/rooms/some-room/messages" },
        { "POST", "/api/rooms/some-room/events" },
        { "GET", "/api/rooms/some-room" },
        { "GET", "/api/rooms/some-room/members" },
        { "DELETE", "/api/rooms/some-room/members/some-user" },
        { "DELETE", "/api/rooms/some-room/messages/1" },
        { "POST", "/api/users/some-user/events" },
        { "POST", "/api/users/some-user/messages" },
        { "POST", "/api/users/some-user/disconnect" },
        { "GET", "/api/users/online" },
    };

    public static TheoryData<string> BodyEndpoints => new()
    {
        "/api/broadcast",
        "/api/rooms/some-room/messages",
        "/api/rooms/some-room/events",
        "/api/users/some-user/events",
        "/api/users/some-user/messages",
        "/api/users/some-user/disconnect",
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Without_a_key_every_endpoint_is_401_auth_required(string method, string path)
    {
        var response = await Server.ApiAsync(new HttpMethod(method), path, method == "POST" ? """{"event":"x","content":"x"}""" : null, apiKey: null);

        response.AssertError(HttpStatusCode.Unauthorized, "auth_required");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task With_a_wrong_key_every_endpoint_is_401_auth_failed(string method, string path)
    {
        var response = await Server.ApiAsync(new HttpMethod(method), path, method == "POST" ? """{"event":"x","content":"x"}""" : null, apiKey: GatewayServer.ApiKey + "x");

        response.AssertError(HttpStatusCode.Unauthorized, "auth_failed");
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Malformed_json_and_wrongly_typed_bodies_are_400(string path)
    {
        await using var client = await Server.ConnectAsync("some-user");

        foreach (var body in new[] { "{", "not json", "null", "\"text\"", """{"event":{"a":1},"content":[],"reason":false,"fromUserId":3}""" })
        {
            (await Server.ApiPostAsync(path, body)).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        }

        await client.RequestOkAsync("ping", null);
        Assert.Single(client.Received("connected"));
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task A_body_over_the_cap_is_413_whether_announced_or_streamed(string path)
    {
        var huge = "{\"content\":\"" + new string('a', 70 * 1024) + "\"}";

        (await Server.ApiPostAsync(path, huge)).AssertError(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        // Chunked, with no Content-Length: Kestrel stops reading at the cap.
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ChunkedContent(huge) };
        request.Headers.Add("X-Api-Key", GatewayServer.ApiKey);
        using var response = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("payload_too_large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A body sent without a length (Transfer-Encoding: chunked).</summary>
    private sealed class ChunkedContent(string text) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            for (var offset = 0; offset < bytes.Length; offset += 8192)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(8192, bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
            length = -1;
            return false;
        }
    }
}
