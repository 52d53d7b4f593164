using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Chat.Hosting;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.Gateway.Admin;

public static class AdminServiceCollectionExtensions
{
    /// <summary>
    /// The Admin UI's "/admin" namespace, only when Admin:Username and Admin:Password are configured: otherwise the
    /// namespace does not exist and a CONNECT to it gets "Invalid namespace" like any unknown one.
    /// </summary>
    public static IServiceCollection AddAdminNamespace(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AdminOptions, AdminOptionsValidator>(configuration, AdminOptions.Section);
        var settings = configuration.GetSection(AdminOptions.Section).Get<AdminOptions>() ?? new AdminOptions();
        if (!settings.Enabled)
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AdminAuthenticator>();
        services.AddSingleton<AdminStats>();
        services.AddSingleton<AdminHub>();
        services.AddSingleton<AdminActions>();
        services.TryAddSingleton<AdminNamespaceHandler>();
        services.AddSingleton(new SocketIoNamespaceRegistration(AdminOptions.Namespace, typeof(AdminNamespaceHandler)));
        return services;
    }
}
