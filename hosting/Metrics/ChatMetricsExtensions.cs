using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Orleans.Chat.Grains.Metrics;
using Orleans.Chat.Hosting.Notifications;

namespace Orleans.Chat.Hosting.Metrics;

/// <summary>
/// Prometheus metrics through OpenTelemetry, the same for gateways and silos: the chat's own instruments
/// (orleans_chat_*), Orleans, ASP.NET Core (hosting and Kestrel) and the .NET runtime.
/// </summary>
public static class ChatMetricsExtensions
{
    /// <summary>The meters exported besides the runtime instrumentation.</summary>
    public static readonly string[] Meters = [ChatMeter.Name, WebhookSender.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    /// <summary>
    /// Collects the metrics when /metrics will be served (nothing is listened to otherwise), and with
    /// Metrics:Port a separate Kestrel endpoint that serves only /metrics. Map it with <see cref="UseChatMetrics"/>.
    /// </summary>
    public static IServiceCollection AddChatMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        var access = ChatMetricsAccess.From(configuration);
        services.AddSingleton(access);
        if (!access.IsServed)
        {
            return services;
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(Meters)
            .AddRuntimeInstrumentation()
            // No response cache: every scrape is fresh (the default reuses one for 300 ms).
            .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        if (access.Options.Port is not null)
        {
            services.AddHostedService<MetricsPortServer>();
        }

        return services;
    }

    /// <summary>Serves /metrics on the app's own port (unless Metrics:Port moves it), guarded by the API key; logs why when withheld.</summary>
    public static WebApplication UseChatMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<ChatMetricsAccess>() is not { } access)
        {
            return app;
        }

        access.LogIfWithheld(app.Logger);
        if (access.IsServed && access.Options.Port is null)
        {
            app.UseMetricsEndpoint(access, app.Services.GetRequiredService<MeterProvider>());
        }

        return app;
    }

    internal static IApplicationBuilder UseMetricsEndpoint(this IApplicationBuilder app, ChatMetricsAccess access, MeterProvider meters) =>
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meters,
            predicate: null,
            path: ChatMetricsAccess.Path,
            configureBranchedPipeline: branch => branch.UseMiddleware<MetricsAccessMiddleware>(access),
            optionsName: null);
}
