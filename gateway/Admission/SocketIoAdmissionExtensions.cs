using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.SocketIo.EngineIo;
using Orleans.Chat.SocketIo.Hosting;

namespace Orleans.Chat.Gateway.Admission;

internal static class SocketIoAdmissionExtensions
{
    /// <summary>The chat gateway waits less than the reference server's 45 s for an unauthenticated Engine.IO session to connect.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    private static readonly EngineIoAdmission TooManyConnections = EngineIoAdmission.Refuse(
        StatusCodes.Status429TooManyRequests, ClientErrors.TooManyConnections.Error, ClientErrors.TooManyConnections.Code);

    /// <summary>
    /// Engine.IO handshakes go through the per-address connect rate and connection cap (the per-user
    /// cap applies at the namespace CONNECT, once the user is known); the connect timeout is shorter
    /// unless SocketIo:ConnectTimeout is configured.
    /// </summary>
    public static IServiceCollection AddSocketIoAdmission(this IServiceCollection services, IConfiguration configuration)
    {
        var connectTimeoutConfigured = configuration.GetSection($"{SocketIoOptions.Section}:{nameof(SocketIoOptions.ConnectTimeout)}").Value is not null;
        services.AddOptions<SocketIoOptions>().Configure<ConnectionAdmission>((socketIo, admission) =>
        {
            socketIo.AdmitSession = context => admission.TryAdmitAddress(context.Connection.RemoteIpAddress) is { } slot
                ? EngineIoAdmission.Admit(slot)
                : TooManyConnections;
            if (!connectTimeoutConfigured)
            {
                socketIo.ConnectTimeout = DefaultConnectTimeout;
            }
        });
        return services;
    }

}
