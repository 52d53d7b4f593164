using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Chat.Grains;
using Orleans.Chat.Hosting.Files;
using Orleans.Chat.Hosting.Notifications;
using Orleans.Chat.Streams;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Chat.Files;

namespace Orleans.Chat.Hosting;

public static class ChatSiloBuilderExtensions
{
    /// <summary>
    /// Adds what the chat grains need on a silo: their options, the "chat" grain storage, the
    /// stream pub-sub store (in memory, or in Redis when Orleans:Storage is Redis) and the "chat"
    /// memory streams. Clustering is set by <see cref="ChatClusterExtensions.UseChatClustering"/>.
    /// </summary>
    public static ISiloBuilder AddChatGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);

        silo.Services.AddChatGrainOptions(configuration);
        silo.Services.AddChatFileStore(configuration);
        silo.Services.AddChatNotifications(configuration);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<GatewayLiveness>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<GatewayLiveness>());
        silo.Services.AddSingleton<OnlineUserCounter>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<OnlineUserCounter>());

        var streams = ChatStreamOptions.From(configuration);

        if (ChatClusterOptions.From(configuration).Storage == GrainStorageKind.Redis)
        {
            var redis = RedisConnection.Options(configuration);
            silo.AddRedisGrainStorage(ChatStorage.Name, storage => storage.ConfigurationOptions = redis);
            silo.AddRedisGrainStorage(ChatStreams.PubSubStore, storage => storage.ConfigurationOptions = redis);
        }
        else
        {
            silo.AddMemoryGrainStorage(ChatStorage.Name);
            silo.AddMemoryGrainStorage(ChatStreams.PubSubStore);
            if (ChatClusterOptions.From(configuration).Membership == ClusteringKind.Localhost)
            {
                // Single node: no storage grain call and no serialization per write (see ProcessMemoryGrainStorage).
                silo.Services.AddKeyedSingleton<IGrainStorage>(ChatStorage.Name, static (provider, _) => new ProcessMemoryGrainStorage(
                    ProcessMemoryGrainStorage.ClusterKey(
                        provider.GetRequiredService<IOptions<ClusterOptions>>().Value,
                        provider.GetService<IOptions<DevelopmentClusterMembershipOptions>>()?.Value.PrimarySiloEndpoint),
                    provider.GetRequiredService<DeepCopier>()));
            }
        }

        UseBinaryStateSerializer(silo.Services);

        return silo
            .AddMemoryStreams(ChatStreams.ProviderName, stream =>
            {
                stream.ConfigurePartitioning(streams.Queues);

                // Memory streams are pulled from their queues on a timer (broadcasts and the chat-event feed ride
                // them): Orleans' 100 ms adds ~60 ms median latency; ours trades latency against idle wake-ups.
                stream.ConfigurePullingAgent(agent => agent.Configure(options =>
                    options.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(streams.PollPeriodMs)));
            });
    }

    /// <summary>The grains' options, bound and validated at start.</summary>
    public static IServiceCollection AddChatGrainOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RoomHistoryOptions, RoomHistoryOptionsValidator>(configuration, RoomHistoryOptions.SectionName);
        services.AddValidatedOptions<ConversationOptions, ConversationOptionsValidator>(configuration, ConversationOptions.SectionName);
        services.AddValidatedOptions<PresenceOptions, PresenceOptionsValidator>(configuration, PresenceOptions.SectionName);
        services.AddOptions<GrainCollectionOptions>()
            .Configure<IOptions<PresenceOptions>>((collection, presence) => UserGrainCollection.Apply(collection, presence.Value));
        services.AddValidatedOptions<MembershipLimitsOptions, MembershipLimitsOptionsValidator>(configuration, MembershipLimitsOptions.SectionName);
        services.AddValidatedOptions<ReadReceiptOptions, ReadReceiptOptionsValidator>(configuration, ReadReceiptOptions.SectionName);
        services.AddValidatedOptions<FilesOptions, FilesOptionsValidator>(configuration, FilesOptions.SectionName);
        services.AddValidatedOptions<CallOptions, CallOptionsValidator>(configuration, CallOptions.SectionName);
        services.AddValidatedOptions<ChatEventsOptions, ChatEventsOptionsValidator>(configuration, ChatEventsOptions.SectionName)
            .PostConfigure(options => options.EnableForWebhooks(configuration));
        return services;
    }

    /// <summary>
    /// Chat state is written with Orleans' binary serializer rather than the providers' default
    /// Newtonsoft JSON: a history page is rewritten on every message, and JSON made that write the
    /// largest cost of a send (~100 KB allocated per message with a full page). State that earlier
    /// builds wrote as JSON is still read, through the default serializer as a fallback.
    /// </summary>
    private static void UseBinaryStateSerializer(IServiceCollection services)
    {
        services.AddOptions<MemoryGrainStorageOptions>(ChatStorage.Name)
            .Configure<IServiceProvider>((options, provider) => options.GrainStorageSerializer = BinaryWithJsonFallback(provider));
        services.AddOptions<RedisStorageOptions>(ChatStorage.Name)
            .Configure<IServiceProvider>((options, provider) => options.GrainStorageSerializer = BinaryWithJsonFallback(provider));
    }

    internal static IGrainStorageSerializer BinaryWithJsonFallback(IServiceProvider provider) =>
        new GrainStorageSerializer(
            new OrleansGrainStorageSerializer(provider.GetRequiredService<Serializer>()),
            provider.GetRequiredService<IGrainStorageSerializer>());
}
