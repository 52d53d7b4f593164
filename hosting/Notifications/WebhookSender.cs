using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.Grains.Notifications;

namespace Orleans.Chat.Hosting.Notifications;

/// <summary>
/// Calls the webhook off the grains. Each accepted notification is an async task of its own: an
/// attempt takes one of Notifications:MaxConcurrentCalls slots, and the wait before a retry is a
/// timer holding no slot, thread or grain turn, so one user's failing or slow calls never delay
/// another's. Held notifications (queued, in flight or waiting to retry) are capped per user
/// (MaxPendingPerUser) and per silo (MaxPending); past a cap they are dropped, logged and counted.
/// </summary>
public sealed class WebhookSender : IWebhookSender, IDisposable
{
    public const string HttpClientName = "Orleans.Chat.Notifications";
    public const string DeliveryHeader = "X-OrleansChat-Delivery";
    public const string AttemptHeader = "X-OrleansChat-Attempt";
    public const string MeterName = "Orleans.Chat.Notifications";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Sent = Meter.CreateCounter<long>("orleans.chat.notifications.sent", description: "Webhook calls answered with 2xx");
    private static readonly Counter<long> Retried = Meter.CreateCounter<long>("orleans.chat.notifications.retried", description: "Webhook attempts that failed and were scheduled again");
    private static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("orleans.chat.notifications.dead_lettered", description: "Notifications given up on (attempts ran out or a 4xx)");
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("orleans.chat.notifications.dropped", description: "Notifications dropped by the pending caps");

    private readonly IHttpClientFactory _http;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookSender> _logger;
    private readonly RetrySchedule _schedule;
    private readonly byte[] _key;
    private readonly Uri? _url;
    private readonly SemaphoreSlim _calls;
    private readonly ConcurrentDictionary<string, int> _perUser = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _pending;

    public WebhookSender(IHttpClientFactory http, IOptions<NotificationOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
    {
        _http = http;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _schedule = new RetrySchedule(_options.InitialBackoff, _options.MaxBackoff);
        _key = WebhookSignature.Key(_options.Secret ?? string.Empty);
        _calls = new SemaphoreSlim(_options.MaxConcurrentCalls);
        if (_options.Enabled && Uri.TryCreate(_options.WebhookUrl, UriKind.Absolute, out var url))
        {
            _url = url;
            WebhookLog.Enabled(logger, url.Host);
        }
    }

    /// <summary>Notifications held now (queued, in flight or waiting to retry).</summary>
    public int Pending => Volatile.Read(ref _pending);

    public bool TryEnqueue(WebhookNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_url is null)
        {
            return false;
        }

        if (!TryReserve(notification.UserId, out var reason))
        {
            Dropped.Add(1);
            WebhookLog.Dropped(_logger, notification.UserId, notification.TypeName, reason);
            return false;
        }

        // Off the caller's context: a grain turn must not run (or wait for) the delivery.
        _ = Task.Run(() => DeliverAsync(notification, _url));
        return true;
    }

    private async Task DeliverAsync(WebhookNotification notification, Uri url)
    {
        var attempt = 0;
        var status = "none";
        try
        {
            while (true)
            {
                attempt++;
                var (outcome, retryAfter) = await AttemptAsync(notification, url, attempt);
                status = outcome.Status;
                if (outcome.Delivered)
                {
                    Sent.Add(1);
                    return;
                }

                if (!outcome.Retry || attempt >= _options.MaxAttempts)
                {
                    break;
                }

                var delay = _schedule.Delay(attempt, retryAfter, _time.GetUtcNow());
                Retried.Add(1);
                WebhookLog.WillRetry(_logger, attempt, notification.DeliveryId, notification.TypeName, notification.UserId, status, (long)delay.TotalMilliseconds);
                await Task.Delay(delay, _time, _stopping.Token);
            }

            DeadLetters.Add(1);
            WebhookLog.DeadLettered(_logger, notification.UserId, notification.TypeName, notification.DeliveryId, attempt, status);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The silo is stopping: what is still held is lost with it, as pending batches are.
        }
        finally
        {
            Release(notification.UserId);
        }
    }

    private async Task<(Outcome Outcome, RetryConditionHeaderValue? RetryAfter)> AttemptAsync(WebhookNotification notification, Uri url, int attempt)
    {
        await _calls.WaitAsync(_stopping.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(notification.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(_key, notification.Body.Span));
            request.Headers.Add(DeliveryHeader, notification.DeliveryId);
            request.Headers.Add(AttemptHeader, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await _http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stopping.Token);
            var code = (int)response.StatusCode;
            if (code is >= 200 and < 300)
            {
                WebhookLog.Delivered(_logger, notification.DeliveryId, notification.TypeName, notification.UserId, response.StatusCode, attempt);
                return (new Outcome(true, false, code.ToString(System.Globalization.CultureInfo.InvariantCulture)), null);
            }

            var retry = code >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests || response.StatusCode == HttpStatusCode.RequestTimeout;
            return (new Outcome(false, retry, code.ToString(System.Globalization.CultureInfo.InvariantCulture)), response.Headers.RetryAfter);
        }
        catch (HttpRequestException error)
        {
            return (new Outcome(false, true, $"network error ({error.HttpRequestError})"), null);
        }
        catch (TaskCanceledException) when (!_stopping.IsCancellationRequested)
        {
            // HttpClient.Timeout (Notifications:Timeout) ran out.
            return (new Outcome(false, true, "timeout"), null);
        }
        finally
        {
            _calls.Release();
        }
    }

    private bool TryReserve(string userId, out string reason)
    {
        if (Interlocked.Increment(ref _pending) > _options.MaxPending)
        {
            Interlocked.Decrement(ref _pending);
            reason = "Notifications:MaxPending reached";
            return false;
        }

        var held = _perUser.AddOrUpdate(userId, 1, (_, count) => count + 1);
        if (held > _options.MaxPendingPerUser)
        {
            Release(userId);
            reason = "Notifications:MaxPendingPerUser reached";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    private void Release(string userId)
    {
        Interlocked.Decrement(ref _pending);
        while (_perUser.TryGetValue(userId, out var count))
        {
            var updated = count <= 1
                ? _perUser.TryRemove(new KeyValuePair<string, int>(userId, count))
                : _perUser.TryUpdate(userId, count - 1, count);
            if (updated)
            {
                return;
            }
        }
    }

    /// <summary>Ends the waits and calls in progress; the token source and slots stay for tasks still unwinding.</summary>
    public void Dispose() => _stopping.Cancel();

    private readonly record struct Outcome(bool Delivered, bool Retry, string Status);
}
