using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Orleans.Chat.Hosting.Metrics;

/// <summary>
/// Metrics:Port: a Kestrel server of its own that serves /metrics and nothing else (404), so the
/// app's endpoints stay off the scrape port and the app's own URLs are left as configured.
/// </summary>
internal sealed class MetricsPortServer(ChatMetricsAccess access, MeterProvider meters, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.ListenAnyIP(access.Options.Port!.Value));
        // The app's logging configuration, not a second console logger.
        builder.Services.AddSingleton(loggerFactory);
        var server = builder.Build();
        server.UseMetricsEndpoint(access, meters);
        _server = server;
        await server.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
