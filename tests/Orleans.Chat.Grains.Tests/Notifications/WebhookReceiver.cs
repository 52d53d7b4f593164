using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orleans.Chat.Grains.Tests.Notifications;

/// <summary>
/// A real webhook receiver: Kestrel on a loopback port that records every POST (body bytes,
/// headers, arrival time) and answers each user's calls as a test scripted it (status codes,
/// Retry-After, a delay), 200 otherwise.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Time since the receiver started, the clock of <see cref="ReceivedCall.At"/>.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.MapPost("/hook", receiver.HandleAsync);
        await receiver._app.StartAsync();
        receiver.Url = new Uri(new Uri(receiver._app.Urls.First()), "/hook");
        return receiver;
    }

    /// <summary>The next calls for <paramref name="userId"/> get these answers, in order.</summary>
    public void Script(string userId, params Reply[] replies)
    {
        var script = _scripts.GetOrAdd(userId, _ => new ConcurrentQueue<Reply>());
        foreach (var reply in replies)
        {
            script.Enqueue(reply);
        }
    }

    /// <summary>Every call for <paramref name="userId"/> is answered only after <paramref name="delay"/>.</summary>
    public void Delay(string userId, TimeSpan delay) => _delays[userId] = delay;

    public IReadOnlyList<ReceivedCall> CallsFor(string userId) => [.. _calls.Where(call => call.UserId == userId)];

    /// <summary>Waits until <paramref name="userId"/> has had <paramref name="count"/> calls; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedCall>> WaitForAsync(string userId, int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var calls = CallsFor(userId);
            if (calls.Count >= count)
            {
                return calls;
            }

            Assert.True(deadline.Elapsed < timeout, $"{userId} got {calls.Count} webhook calls, expected {count} within {timeout}");
            await Task.Delay(20);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var at = Now;
        var userId = JsonDocument.Parse(body).RootElement.GetProperty("userId").GetString()!;
        var headers = context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _calls.Enqueue(new ReceivedCall(userId, body, headers, at));
        if (_delays.TryGetValue(userId, out var delay))
        {
            await Task.Delay(delay);
        }

        var reply = _scripts.TryGetValue(userId, out var script) && script.TryDequeue(out var next) ? next : new Reply(200);
        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record Reply(int Status, int? RetryAfterSeconds = null);

public sealed record ReceivedCall(string UserId, byte[] Body, IReadOnlyDictionary<string, string> Headers, TimeSpan At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
