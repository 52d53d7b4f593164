using System.Net.Http.Json;

namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>A gateway process of a test cluster, and how clients reach it.</summary>
public sealed class GatewayNode(string name, string gatewayId, NodeProcess process, Uri baseUri, string signingKey)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public string Name { get; } = name;

    /// <summary>Gateway:Id, the owner of this gateway's presence leases.</summary>
    public string GatewayId { get; } = gatewayId;

    public NodeProcess Process { get; } = process;

    public Uri BaseUri { get; } = baseUri;

    public Uri ReadyUri => new(BaseUri, "/health/ready");

    public Uri WebSocketUri(string token) =>
        new($"ws://{BaseUri.Authority}/ws?token={Uri.EscapeDataString(token)}");

    /// <summary>Connects a user with a token signed by the cluster's shared key and waits for its connected event.</summary>
    public Task<TestChatClient> ConnectAsync(string userId, string? name = null) =>
        ConnectWithTokenAsync(TestTokens.Create(signingKey, userId, name ?? userId), userId);

    public async Task<TestChatClient> ConnectWithTokenAsync(string token, string userId)
    {
        var client = await TestChatClient.ConnectAsync(WebSocketUri(token), userId);
        try
        {
            await client.WaitForEventAsync("connected", timeout: TimeSpan.FromSeconds(20));
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return client;
    }

    /// <summary>A token from this gateway's POST /auth/dev-token (Development).</summary>
    public async Task<string> DevTokenAsync(string userId, string? name = null)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(BaseUri, "/auth/dev-token"), new { userId, name });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        return body!["token"];
    }

    public override string ToString() => $"{Name} ({BaseUri}, pid {Process.ProcessId})";
}
