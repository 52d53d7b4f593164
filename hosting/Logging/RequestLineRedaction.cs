using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Hosting;

/// <summary>
/// ASP.NET Core's request lines ("Request starting HTTP/1.1 GET http://host/ws?token=...", category
/// <see cref="HostingDiagnosticsCategory"/>) print the query string, and clients put their token in
/// ?token= (/ws, /socket.io/, /files/{id}). The hosting layer writes them before any middleware runs, and
/// a level rule cannot hold them back reliably (a provider-specific Default outranks a category rule), so
/// the logger factory hands that one category a logger that redacts the query values.
/// </summary>
public static class RequestLineRedaction
{
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static ILoggingBuilder AddRequestLineRedaction(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        // The framework's own factory, built as its registration would, behind ours.
        logging.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(services => new RedactingLoggerFactory(new LoggerFactory(
            services.GetServices<ILoggerProvider>(),
            services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            services.GetService<IOptions<LoggerFactoryOptions>>(),
            services.GetService<IExternalScopeProvider>()))));
        return logging;
    }

    /// <summary>Every category as the inner factory makes it, but the request lines' behind a redactor.</summary>
    private sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return string.Equals(categoryName, HostingDiagnosticsCategory, StringComparison.Ordinal) ? new RedactedRequestLogger(logger) : logger;
        }

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }
}
