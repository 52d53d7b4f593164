using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Chat.SocketIo.Buffers;
using Orleans.Chat.SocketIo.Hosting;
using Orleans.Chat.SocketIo.WebSockets;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// The Engine.IO endpoint: checks each request as the protocol demands, opens sessions, and routes
/// requests of existing sessions to their polling or WebSocket transport.
/// </summary>
internal sealed class EngineIoServer
{
    private readonly ConcurrentDictionary<string, EngineIoSession> _sessions = new(StringComparer.Ordinal);
    private readonly OriginPolicy _originPolicy;
    private static readonly EngineIoAdmission TooManyPendingSessions =
        EngineIoAdmission.Refuse(StatusCodes.Status429TooManyRequests, "Too many connections", "too_many_connections");

    private bool _warnedWebSocketsDisabled;

    public EngineIoServer(IEngineIoHandler handler, SocketIoOptions options, TimeProvider time, ILogger logger)
    {
        Handler = handler;
        Options = options;
        Time = time;
        Logger = logger;
        _originPolicy = new OriginPolicy(options);
        Heartbeat = new EngineIoHeartbeat(time, options.PingInterval, options.PingTimeout);
        PendingSessions = new PendingSessionCounter(options.MaxPendingSessions, options.MaxPendingSessionsPerAddress);
    }

    public IEngineIoHandler Handler { get; }

    public SocketIoOptions Options { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    internal EngineIoHeartbeat Heartbeat { get; }

    public int SessionCount => _sessions.Count;

    /// <summary>Sessions not yet accepted by the application (see <see cref="EngineIoSession.MarkEstablished"/>).</summary>
    internal PendingSessionCounter PendingSessions { get; }

    /// <summary>
    /// Serves one request. A request that opens or upgrades a connection lasts as long as its transport runs:
    /// what answers it is that run itself (or one small task unwrapping it), not a frame awaiting it for the
    /// connection's life.
    /// </summary>
    public Task HandleRequestAsync(HttpContext context)
    {
        var run = ServeAsync(context);
        return run.IsCompletedSuccessfully ? run.Result : run.Unwrap();
    }

    /// <summary>Checks and answers the request; returns the run of the transport it opened or upgraded to, if any.</summary>
    private async Task<Task> ServeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsOptions(request.Method))
        {
            _originPolicy.WritePreflight(context);
            return Task.CompletedTask;
        }

        var error = Verify(context, out var session, out var transport);
        if (error is null && session is null && Options.AllowRequest is { } allowRequest && !await allowRequest(context).ConfigureAwait(false))
        {
            error = EngineIoError.Forbidden;
        }

        if (error is { } refused)
        {
            EngineIoLog.RequestRefused(Logger, request.Method, refused);
            await EngineIoErrorResponder.WriteAsync(context, refused).ConfigureAwait(false);
            return Task.CompletedTask;
        }

        if (session is null)
        {
            var admission = Admit(context);
            if (!admission.IsAdmitted)
            {
                EngineIoLog.HandshakeRefused(Logger, admission.StatusCode, admission.Message!);
                await EngineIoErrorResponder.WriteRefusalAsync(context, admission).ConfigureAwait(false);
                return Task.CompletedTask;
            }

            return await OpenAsync(context, transport, admission).ConfigureAwait(false);
        }

        if (transport == EngineIoTransportKind.WebSocket)
        {
            return await UpgradeAsync(context, session).ConfigureAwait(false);
        }

        // Verify let only a session carried by polling through, and only such a session was opened by polling.
        return HttpMethods.IsGet(request.Method) ? session.Polling!.HandleGetAsync(context) : session.Polling!.HandlePostAsync(context);
    }

    /// <summary>Closes every session and stops the heartbeat, when the host stops.</summary>
    public void Stop(string reason)
    {
        Heartbeat.Dispose();
        foreach (var session in _sessions.Values)
        {
            session.Close(reason);
        }
    }

    internal void Forget(EngineIoSession session) => _sessions.TryRemove(new KeyValuePair<string, EngineIoSession>(session.Id, session));

    /// <summary>The protocol's request checks, in the reference server's order.</summary>
    private EngineIoError? Verify(HttpContext context, out EngineIoSession? session, out EngineIoTransportKind transport)
    {
        session = null;
        transport = default;
        var request = context.Request;
        if (!_originPolicy.Apply(context))
        {
            return EngineIoError.Forbidden;
        }

        switch (request.Query["transport"].ToString())
        {
            case "polling" when Options.Transports.HasFlag(EngineIoTransports.Polling):
                transport = EngineIoTransportKind.Polling;
                break;
            case "websocket" when Options.Transports.HasFlag(EngineIoTransports.WebSocket):
                transport = EngineIoTransportKind.WebSocket;
                break;
            default:
                return EngineIoError.UnknownTransport;
        }

        if (request.Query["EIO"] != "4")
        {
            return EngineIoError.UnsupportedProtocolVersion;
        }

        var isWebSocketRequest = context.WebSockets.IsWebSocketRequest;
        if (transport == EngineIoTransportKind.WebSocket && !isWebSocketRequest)
        {
            WarnIfWebSocketsDisabled(context);
        }

        var sid = request.Query["sid"].ToString();
        if (sid.Length > 0)
        {
            if (!_sessions.TryGetValue(sid, out session))
            {
                return EngineIoError.UnknownSessionId;
            }

            if (session.IsClosed)
            {
                var finalPoll = transport == EngineIoTransportKind.Polling && HttpMethods.IsGet(request.Method) && session.TryClaimFinalPoll();
                session = finalPoll ? session : null;
                return finalPoll ? null : EngineIoError.UnknownSessionId;
            }

            // A POST may carry the overdue pong itself; only the heartbeat timer judges it.
            if (!HttpMethods.IsPost(request.Method) && session.IsPastLivenessDeadline())
            {
                session.Close(EngineIoCloseReason.PingTimeout);
                session = null;
                return EngineIoError.UnknownSessionId;
            }

            var valid = transport == EngineIoTransportKind.WebSocket
                ? isWebSocketRequest
                : session.Transport == EngineIoTransportKind.Polling && (HttpMethods.IsGet(request.Method) || HttpMethods.IsPost(request.Method));
            return valid ? null : EngineIoError.BadRequest;
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            return EngineIoError.BadHandshakeMethod;
        }

        return transport == EngineIoTransportKind.WebSocket && !isWebSocketRequest ? EngineIoError.BadRequest : null;
    }

    /// <summary>
    /// The application's admission first (its caps and rates), then the pending-session caps; a
    /// session admitted here holds both until it closes.
    /// </summary>
    private EngineIoAdmission Admit(HttpContext context)
    {
        var admission = Options.AdmitSession?.Invoke(context) ?? EngineIoAdmission.Admitted;
        if (!admission.IsAdmitted)
        {
            return admission;
        }

        if (!PendingSessions.TryEnter(ClientAddress.KeyOf(context.Connection.RemoteIpAddress)))
        {
            admission.Lease?.Dispose();
            return TooManyPendingSessions;
        }

        return admission;
    }

    /// <summary>Opens the session and starts its first transport; returns that transport's run.</summary>
    private async Task<Task> OpenAsync(HttpContext context, EngineIoTransportKind transport, EngineIoAdmission admission)
    {
        var session = new EngineIoSession(this, SessionIdGenerator.Next(), transport, context.Connection.RemoteIpAddress);
        session.HoldAdmission(admission.Lease);
        WebSocket? socket = null;
        if (transport == EngineIoTransportKind.WebSocket)
        {
            try
            {
                socket = await AcceptWebSocketAsync(context).ConfigureAwait(false);
            }
            catch
            {
                session.Close(EngineIoCloseReason.TransportError);
                throw;
            }
        }

        _sessions[session.Id] = session;
        session.Open(OpenPacket(session.Id, transport));
        EngineIoLog.SessionOpened(Logger, session.Id, session.TransportName);
        try
        {
            await Handler.OnOpenAsync(session, context).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            EngineIoLog.HandlerFailed(Logger, exception, session.Id);
            session.Close(EngineIoCloseReason.TransportError);
        }

        return socket is null
            ? session.Polling!.HandleGetAsync(context)
            : new WebSocketTransport(socket, WebSocketFrameWriter.Create(context, socket), session).RunAsync();
    }

    /// <summary>Probes and completes an upgrade; returns the WebSocket transport's run, or a completed task when there is none.</summary>
    private async Task<Task> UpgradeAsync(HttpContext context, EngineIoSession session)
    {
        var socket = await AcceptWebSocketAsync(context).ConfigureAwait(false);
        if (!session.TryBeginUpgrade())
        {
            // One WebSocket per session: a second one is accepted and closed, as the reference server does.
            await WebSocketTransport.RefuseAsync(socket).ConfigureAwait(false);
            return Task.CompletedTask;
        }

        var transport = new WebSocketTransport(socket, WebSocketFrameWriter.Create(context, socket), session);
        return await transport.TryUpgradeAsync(Time, Options.UpgradeTimeout).ConfigureAwait(false) ? transport.RunAsync() : Task.CompletedTask;
    }

    private static Task<WebSocket> AcceptWebSocketAsync(HttpContext context) =>
        context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            // Engine.IO has its own heartbeat.
            KeepAliveInterval = TimeSpan.Zero,
        });

    /// <summary>0{"sid":...,"upgrades":[...],"pingInterval":...,"pingTimeout":...,"maxPayload":...}</summary>
    private byte[] OpenPacket(string sessionId, EngineIoTransportKind transport)
    {
        using var buffer = new PooledBufferWriter();
        buffer.Write("0"u8);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("sid"u8, sessionId);
            json.WriteStartArray("upgrades"u8);
            if (transport == EngineIoTransportKind.Polling && Options.Transports.HasFlag(EngineIoTransports.WebSocket))
            {
                json.WriteStringValue("websocket"u8);
            }

            json.WriteEndArray();
            json.WriteNumber("pingInterval"u8, (long)Options.PingInterval.TotalMilliseconds);
            json.WriteNumber("pingTimeout"u8, (long)Options.PingTimeout.TotalMilliseconds);
            json.WriteNumber("maxPayload"u8, Options.MaxPayload);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WarnIfWebSocketsDisabled(HttpContext context)
    {
        if (!_warnedWebSocketsDisabled
            && context.Request.Headers.Upgrade.ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase)
            && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpWebSocketFeature>() is null)
        {
            _warnedWebSocketsDisabled = true;
            EngineIoLog.WebSocketsNotEnabled(Logger);
        }
    }
}
