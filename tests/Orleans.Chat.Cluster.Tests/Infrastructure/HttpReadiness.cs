namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>Waits for a node's health endpoint to answer 200.</summary>
public static class HttpReadiness
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task WaitAsync(NodeProcess process, Uri url, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited before {url} answered:\n{process.Tail(60)}");
            }

            if (await IsOkAsync(url) is { } failure)
            {
                last = failure;
            }
            else
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{process.Name}: {url} did not answer 200 within {timeout.TotalSeconds:0} s (last: {last}):\n{process.Tail(60)}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Null when the endpoint answered 200, else what went wrong.</summary>
    public static async Task<string?> IsOkAsync(Uri url)
    {
        try
        {
            using var response = await Http.GetAsync(url);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }
}
