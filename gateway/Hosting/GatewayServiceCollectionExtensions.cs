using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Chat.Files;
using Orleans.Chat.Gateway.Admission;
using Orleans.Chat.Gateway.Api;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Admin;
using Orleans.Chat.Gateway.Calls;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Extensions;
using Orleans.Chat.Gateway.Files;
using Orleans.Chat.Gateway.Fanout;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Origins;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.Gateway.Protocol.SocketIo;
using Orleans.Chat.SocketIo.Hosting;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Grains;
using Orleans.Chat.Hosting;
using Orleans.Chat.Hosting.Metrics;

namespace Orleans.Chat.Gateway.Hosting;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>Options, authentication, sessions, fan-out, commands and protocols of the gateway.</summary>
    public static WebApplicationBuilder AddChatGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddValidatedOptions<AuthOptions, AuthOptionsValidator>(configuration, AuthOptions.Section);
        services.AddValidatedOptions<ApiOptions, ApiOptionsValidator>(configuration, ApiOptions.Section);
        services.AddValidatedOptions<LimitsOptions, LimitsOptionsValidator>(configuration, LimitsOptions.Section);
        // A rule that needs the command layer's type names.
        services.AddSingleton<IValidateOptions<LimitsOptions>, CustomMessageTypesValidator>();
        services.AddValidatedOptions<ConnectionOptions, ConnectionOptionsValidator>(configuration, ConnectionOptions.Section);
        services.AddValidatedOptions<GatewayOptions, GatewayOptionsValidator>(configuration, GatewayOptions.Section);
        services.AddValidatedOptions<CallsOptions, CallsOptionsValidator>(configuration, CallsOptions.Section);
        services.AddChatMetrics(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SigningKeyProvider>();
        services.AddSingleton<ChatTokenValidator>();
        services.AddChatAuthentication();
        services.AddSingleton<DevTokenIssuer>();

        services.AddSingleton<ConnectionAdmission>();
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<RoomFanout>();
        services.AddSingleton<UserFanout>();
        services.AddSingleton<PendingMessagesHandOver>();
        services.AddSingleton<SessionLifecycle>();
        services.AddSingleton<SessionTyping>();
        services.AddSingleton<TokenExpiryWatch>();
        services.AddHostedService<BroadcastListener>();
        services.AddSingleton<GatewayReassert>();
        services.AddHostedService<GatewayHeartbeat>();

        services.AddSingleton<ClientEventRateLimiter>();
        services.AddSingleton<ClientMessageTypes>();
        services.AddSingleton<RoomSendQueues>();
        services.AddSingleton<RoomCommands>();
        services.AddSingleton<MessageCommands>();
        services.AddSingleton<UserCommands>();
        services.AddSingleton<ConversationCommands>();
        services.AddSingleton<UnreadPrivateMessages>();
        services.AddSingleton<TokenCommands>();
        services.AddSingleton<MessageChangeCommands>();
        services.AddSingleton<ReadStateCommands>();
        services.AddSingleton<ModerationCommands>();
        services.AddSingleton<CallCommands>();
        services.AddSingleton<RoomEventNames>();
        services.AddSingleton<RoomEventCommands>();
        services.AddChatFileTransfer(configuration);
        services.TryAddSingleton<ChatEventHandlers>();
        services.AddSingleton<ICommandDispatcher, ChatCommandDispatcher>();
        services.AddSingleton<ClientEventRunner>();
        services.AddSingleton<NativeProtocolHandler>();
        services.AddSingleton<NativeWebSocketTransport>();
        services.AddSingleton<NativeKeepAlive>();
        services.AddHostedService(static provider => provider.GetRequiredService<NativeKeepAlive>());
        services.AddSingleton<NativeWebSocketEndpoint>();

        // Socket.IO on "/": the protocol's own options from the same section, its max payload and its send
        // queue (a Socket.IO session's only outbound queue) from Limits.
        services.AddValidatedOptions<SocketIoChatOptions, SocketIoChatOptionsValidator>(configuration, SocketIoChatOptions.Section);
        services.AddSocketIo()
            .BindConfiguration(configuration.GetSection(SocketIoChatOptions.Section))
            .AddNamespace<ChatSocketIoHandler>("/");
        // The protocol library's failures named by their configuration keys, like the gateway's own.
        services.Replace(ServiceDescriptor.Singleton<IValidateOptions<SocketIoOptions>>(
            new SectionValidator<SocketIoOptions>(SocketIoOptions.Section, new SocketIoOptionsValidator())));
        services.AddOptions<SocketIoOptions>().Configure<IOptions<LimitsOptions>, IOptions<FilesOptions>>((socketIo, limits, files) =>
        {
            // Room for an upload-chunk frame; ChatSocketIoHandler holds every other event to MaxFrameBytes.
            socketIo.MaxPayload = Math.Max(limits.Value.MaxFrameBytes, ChunkFrames.MaxBytes(files.Value));
            // The chat's only binary is one upload-chunk's data: fewer attachments bound what a packet holds.
            socketIo.MaxAttachments = Math.Min(socketIo.MaxAttachments, 1);
            socketIo.MaxPendingOutboundMessages = limits.Value.OutboundQueueFrames;
        });
        services.AddSocketIoAdmission(configuration);
        services.AddAdminNamespace(configuration);

        services.AddOriginCheck(configuration);

        services.AddSingleton<ClusterStatsCache>();
        services.AddChatHttpRateLimits();
        services.AddChatServerApi();
        services.AddHealthChecks().AddCheck<ClusterReadinessCheck>("cluster", tags: [ClusterReadinessCheck.Tag]);
        return builder;
    }
}
