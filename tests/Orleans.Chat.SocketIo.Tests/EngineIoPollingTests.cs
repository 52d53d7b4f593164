using System.Net;
using System.Text;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

public sealed class EngineIoPollingTests(RelaxedEngineIoServerFixture server) : IClassFixture<RelaxedEngineIoServerFixture>
{
    [Fact]
    public async Task One_text_packet_is_echoed()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        await client.PostOkAsync(sid, "4hello");

        Assert.Equal("4hello", await client.PollTextAsync(sid));
    }

    [Fact]
    public async Task Several_packets_are_echoed_in_one_payload()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        await client.PostOkAsync(sid, "4test1\u001e4test2\u001e4test3");

        Assert.Equal("4test1\u001e4test2\u001e4test3", await client.PollTextAsync(sid));
    }

    [Fact]
    public async Task Binary_packets_travel_as_base64()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        await client.PostOkAsync(sid, "4hello\u001ebAQIDBA==");

        Assert.Equal("4hello\u001ebAQIDBA==", await client.PollTextAsync(sid));
    }

    [Fact]
    public async Task A_utf8_message_keeps_its_bytes()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        await client.PostOkAsync(sid, "4€ 日本 😀");

        using var response = await client.PollAsync(sid);
        Assert.Equal("4€ 日本 😀", Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task An_invalid_packet_closes_the_session()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        using var post = await client.PostAsync(sid, "abc");
        using var poll = await client.PollAsync(sid);

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, poll.StatusCode);
    }

    [Fact]
    public async Task A_second_concurrent_poll_closes_the_session()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        var first = client.PollAsync(sid);
        await Task.Delay(50);
        using var second = await client.Http.GetAsync(client.SessionUrl(sid) + "&t=burst");
        using var firstResponse = await first;

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal("1", await firstResponse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        using var after = await client.PollAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
    }

    [Fact]
    public async Task A_post_larger_than_maxPayload_gets_413()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        using var response = await client.PostAsync(sid, "4" + new string('x', 1_000_000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_binary_body_is_refused()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();
        using var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new("application/octet-stream");

        using var response = await client.Http.PostAsync(client.SessionUrl(sid), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_close_packet_ends_the_pending_poll_with_a_noop_and_the_session()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        var poll = client.PollAsync(sid);
        await Task.Delay(50);
        await client.PostOkAsync(sid, "1");
        using var pollResponse = await poll;

        Assert.Equal(HttpStatusCode.OK, pollResponse.StatusCode);
        Assert.Equal("6", await pollResponse.Content.ReadAsStringAsync());
        using var after = await client.PollAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
    }

    [Fact]
    public async Task A_poll_sent_with_the_close_packet_still_gets_its_noop()
    {
        using var client = server.CreateClient();
        var sid = await client.OpenPollingAsync();

        await client.PostOkAsync(sid, "1");
        var late = await client.PollTextAsync(sid);
        using var after = await client.PollAsync(sid);

        Assert.Equal("6", late);
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
    }
}
