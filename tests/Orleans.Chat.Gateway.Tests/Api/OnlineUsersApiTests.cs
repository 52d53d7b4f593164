using System.Net;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Api;

/// <summary>GET /api/users/online over the partitioned online-user index.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OnlineUsersApiTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Online_users_are_listed_once_each_across_pages_and_leave_the_list_when_offline()
    {
        var clients = new List<TestChatClient>();
        for (var i = 0; i < 7; i++)
        {
            clients.Add(await Server.ConnectAsync(name: $"Online {i}"));
        }

        // A second connection of a user lists them once still.
        clients.Add(await Server.ConnectAsync(clients[0].UserId));
        var ids = clients.Select(c => c.UserId).Distinct().ToList();

        var listed = await Eventually.ProbeAsync(() => ListAllAsync(pageSize: 2), all => ids.All(all.Contains), "every connected user listed");
        Assert.Equal(listed.Count, listed.Distinct().Count());
        var (_, page) = await Server.ApiGetAsync("/api/users/online?limit=1000");
        var named = page.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("userId").GetString() == clients[3].UserId);
        Assert.Equal("Online 3", named.GetProperty("name").GetString());

        // Offline: only when the last connection closes.
        await clients[0].DisposeAsync();
        await clients[3].DisposeAsync();
        await Eventually.ProbeAsync(() => ListAllAsync(pageSize: 3), all => !all.Contains(clients[3].UserId), "the offline user to leave the list");
        Assert.Contains(clients[0].UserId, await ListAllAsync(pageSize: 1000));
        await clients[^1].DisposeAsync();
        await Eventually.ProbeAsync(() => ListAllAsync(pageSize: 1000), all => !all.Contains(clients[0].UserId), "the user to leave with their last connection");

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=-5")]
    [InlineData("?limit=1e3")]
    [InlineData("?limit=99999999999")]
    [InlineData("?cursor=not*base64")]
    [InlineData("?cursor=OTk6eA")] // "99:x": a partition that does not exist
    [InlineData("?cursor=eA")] // "x": no partition at all
    public async Task Bad_limits_and_cursors_are_invalid_format(string query)
    {
        (await Server.ApiGetAsync("/api/users/online" + query)).AssertError(HttpStatusCode.BadRequest, "invalid_format");
    }

    [Fact]
    public async Task A_limit_over_the_cap_is_capped()
    {
        var (status, body) = await Server.ApiGetAsync("/api/users/online?limit=5000");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.InRange(body.GetProperty("users").GetArrayLength(), 0, 1000);
    }

    private async Task<List<string>> ListAllAsync(int pageSize)
    {
        var all = new List<string>();
        string? cursor = null;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var (status, body) = await Server.ApiGetAsync($"/api/users/online?limit={pageSize}" + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.Equal(HttpStatusCode.OK, status);
            var users = body.GetProperty("users");
            Assert.InRange(users.GetArrayLength(), 0, pageSize);
            all.AddRange(users.EnumerateArray().Select(u => u.GetProperty("userId").GetString()!));
            if (body.GetProperty("nextCursor").ValueKind == JsonValueKind.Null)
            {
                return all;
            }

            cursor = body.GetProperty("nextCursor").GetString();
        }

        throw new InvalidOperationException("the pages never ended");
    }
}
