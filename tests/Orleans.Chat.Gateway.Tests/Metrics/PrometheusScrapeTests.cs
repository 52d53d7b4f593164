namespace Orleans.Chat.Gateway.Tests.Metrics;

/// <summary>
/// The whole path an operator runs: Debian's Prometheus 2.42 scrapes a real gateway every second with the API
/// key as its bearer credential while clients chat, and its query API answers with the traffic's numbers.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class PrometheusScrapeTests
{
    private const int Clients = 3;
    private const int MessagesPerClient = 5;

    [Fact]
    public async Task Prometheus_scrapes_the_gateway_with_the_bearer_key_and_its_queries_show_the_load()
    {
        await using var gateway = await GatewayServer.StartAsync(new Dictionary<string, string?>(LoopbackCaps.Lifted));
        var before = await MetricsText.ScrapeAsync(gateway.Http);
        var storedBefore = before.Value("orleans_chat_messages_stored_total", ("scope", "room"));
        var deliveredBefore = before.Value("orleans_chat_deliveries_total", ("kind", "message"));

        await using var prometheus = await PrometheusServer.StartAsync(gateway.BaseUri, GatewayServer.ApiKey);
        await prometheus.AssertEventuallyAsync("up{job=\"gateway\"}", 1);

        var room = TestIds.Room();
        var clients = new List<TestChatClient>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                var client = await gateway.ConnectAsync();
                clients.Add(client);
                await client.RequestOkAsync("join-room", new { roomId = room });
            }

            // A short load, spread over a few scrapes.
            for (var round = 0; round < MessagesPerClient; round++)
            {
                await Task.WhenAll(clients.Select((client, c) => client.RequestOkAsync("message", new { roomId = room, content = $"round {round} from {c}" })));
                await Task.Delay(100);
            }

            const int Sent = Clients * MessagesPerClient;
            foreach (var client in clients)
            {
                await client.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == Sent);
            }

            await prometheus.AssertEventuallyAsync("sum(orleans_chat_messages_stored_total{scope=\"room\"})", storedBefore + Sent);
            await prometheus.AssertEventuallyAsync("sum(orleans_chat_connections{protocol=\"native\",transport=\"websocket\"})", Clients);
            await prometheus.AssertEventuallyAsync("sum(orleans_chat_deliveries_total{kind=\"message\"})", deliveredBefore + (Sent * Clients));
            await prometheus.AssertEventuallyAsync("sum(orleans_chat_events_in_total{event=\"message\"}) - " +
                before.Value("orleans_chat_events_in_total", ("event", "message")).ToString(System.Globalization.CultureInfo.InvariantCulture), Sent);
            // The fan-out delay histogram answers a p99 query (loopback: well under a second).
            var p99 = await prometheus.QueryAsync("histogram_quantile(0.99, sum by (le) (orleans_chat_fanout_delay_seconds_bucket))");
            Assert.NotNull(p99);
            Assert.InRange(p99.Value, 0, 1);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        await prometheus.AssertEventuallyAsync("sum(orleans_chat_connections)", 0);
    }
}
