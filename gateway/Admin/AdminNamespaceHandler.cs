using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.Gateway.Admin;

/// <summary>
/// The "/admin" namespace the Socket.IO Admin UI connects to (registered only when Admin:Username and
/// Admin:Password are set). On connect: config (the features this gateway supports), the first server_stats,
/// and in development mode all_sockets; then <see cref="AdminHub"/> keeps it up to date.
/// </summary>
public sealed partial class AdminNamespaceHandler(
    AdminAuthenticator authenticator,
    AdminHub hub,
    AdminActions actions,
    SessionRegistry registry,
    IOptions<AdminOptions> options,
    ILogger<AdminNamespaceHandler> logger) : ISocketIoNamespaceHandler
{
    private const string AdmittedKey = "admin.admitted";

    public async ValueTask<ConnectDecision> OnConnectAsync(SocketIoSocket socket, JsonElement? auth)
    {
        var address = socket.Handshake.RemoteAddress?.ToString() ?? "unknown";
        var outcome = await authenticator.CheckAsync(auth, address);
        if (outcome != AdminAuthenticator.Outcome.Accepted)
        {
            LogRefused(logger, address, outcome);
            // The UI shows this message; it never says which part was wrong.
            return ConnectDecision.Reject(outcome == AdminAuthenticator.Outcome.TooManyAttempts ? "too many attempts" : "invalid credentials");
        }

        if (!hub.TryAdd(socket))
        {
            return ConnectDecision.Reject("too many admin connections");
        }

        socket.Items[AdmittedKey] = true;
        // Freed also when the connection closes before the socket joined the namespace.
        socket.ConnectionClosed.Register(() => hub.Remove(socket));
        LogAccepted(logger, address);
        return ConnectDecision.Accept();
    }

    public async ValueTask OnConnectedAsync(SocketIoSocket socket)
    {
        var settings = options.Value;
        await socket.EmitAsync("config", AdminJson.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("supportedFeatures");
            foreach (var feature in AdminActions.Features(settings))
            {
                w.WriteStringValue(feature);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
        hub.EmitStats();
        if (settings.IsDevelopment)
        {
            await socket.EmitAsync("all_sockets", AdminJson.Build(w =>
            {
                w.WriteStartArray();
                foreach (var session in registry.Sessions)
                {
                    if (session.Origin is { } origin)
                    {
                        AdminJson.WriteSocket(w, session, origin);
                    }
                }

                w.WriteEndArray();
            }));
        }
    }

    public async ValueTask OnEventAsync(SocketIoSocket socket, SocketIoEvent evt)
    {
        var done = await actions.RunAsync(evt.Name, evt.Arguments);
        LogAction(logger, evt.Name, done);
    }

    public ValueTask OnDisconnectAsync(SocketIoSocket socket, string reason)
    {
        if (socket.Items.ContainsKey(AdmittedKey))
        {
            hub.Remove(socket);
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Admin UI login from {Address} refused: {Outcome}")]
    private static partial void LogRefused(ILogger logger, string address, AdminAuthenticator.Outcome outcome);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Admin UI connected from {Address}")]
    private static partial void LogAccepted(ILogger logger, string address);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Admin UI action {Action}: {Sessions} session(s)")]
    private static partial void LogAction(ILogger logger, string action, int sessions);
}
