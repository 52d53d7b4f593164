using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Chat.Hosting;

namespace Orleans.Chat.Backend;

public static class ChatBackendServiceCollectionExtensions
{
    /// <summary>
    /// An Orleans client that joins the chat cluster as the gateway does (Orleans:Membership = Redis,
    /// Redis:ConnectionString, Orleans:ClusterId/ServiceId, Orleans:Tls, Streams:Queues), and a
    /// <see cref="ChatBackendClient"/> with the gateway's input rules (Limits:MaxContentLength,
    /// Limits:MaxRoomEventBytes, Gateway:RoomEventPattern) and the service identity (Backend:UserId, Backend:UserName).
    /// </summary>
    public static IServiceCollection AddOrleansChatBackend(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOrleansClient(client => client.UseChatCluster(configuration));
        return services.AddOrleansChatBackendRules(configuration);
    }

    /// <summary><see cref="AddOrleansChatBackend(IServiceCollection, IConfiguration)"/> with the builder's configuration.</summary>
    public static IHostApplicationBuilder UseOrleansChatBackend(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOrleansChatBackend(builder.Configuration);
        return builder;
    }

    /// <summary>The client and its rules alone, for a process that has its own Orleans client (or co-hosts a silo).</summary>
    public static IServiceCollection AddOrleansChatBackendRules(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatBackendOptions>, ChatBackendOptionsValidator>());
        services.AddOptions<ChatBackendOptions>()
            .Bind(configuration.GetSection("Limits"))
            .Bind(configuration.GetSection("Gateway"))
            .Bind(configuration.GetSection(ChatBackendOptions.SectionName))
            .ValidateOnStart();
        services.TryAddSingleton<ChatInputRules>();
        services.TryAddSingleton<ChatBackendClient>();
        return services;
    }
}
