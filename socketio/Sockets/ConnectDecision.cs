using System.Text.Json;
using Orleans.Chat.SocketIo.EngineIo;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>
/// An application's answer to a namespace CONNECT: accept (optionally offering or completing connection
/// state recovery) or reject with a CONNECT_ERROR.
/// </summary>
public sealed class ConnectDecision
{
    private ConnectDecision(bool accepted, string? pid, string? recoveredSocketId, string? errorMessage, JsonElement? errorData)
    {
        IsAccepted = accepted;
        Pid = pid;
        RecoveredSocketId = recoveredSocketId;
        ErrorMessage = errorMessage;
        ErrorData = errorData;
    }

    public bool IsAccepted { get; }

    /// <summary>Private session id sent in the CONNECT reply; clients send it back as auth "pid" to recover.</summary>
    public string? Pid { get; }

    /// <summary>The id of the socket whose state was recovered; the new socket takes it over.</summary>
    public string? RecoveredSocketId { get; }

    public bool IsRecovered => RecoveredSocketId is not null;

    public string? ErrorMessage { get; }

    public JsonElement? ErrorData { get; }

    /// <summary>Accepts the connection; the reply is 0{"sid":...}, or 0{"sid":...,"pid":...} when a pid is given.</summary>
    public static ConnectDecision Accept(string? pid = null) => new(true, pid, null, null, null);

    /// <summary>
    /// True when <paramref name="pid"/> has the form of the ids <see cref="AcceptWithRecovery"/> issues, so a
    /// client's claimed pid can be checked before it is used as a key.
    /// </summary>
    public static bool IsWellFormedPid(string? pid) => SessionIdGenerator.IsWellFormed(pid);

    /// <summary>Accepts with a fresh private session id so the client can later ask to recover.</summary>
    public static ConnectDecision AcceptWithRecovery() => Accept(SessionIdGenerator.Next());

    /// <summary>
    /// Accepts as the continuation of <paramref name="socketId"/>: the reply carries that sid and
    /// <paramref name="pid"/>, which the client compares with its own to report the connection as recovered.
    /// The application replays missed events itself, e.g. from <see cref="SocketIoHandshake.RecoveryOffset"/>.
    /// </summary>
    public static ConnectDecision Recover(string socketId, string pid)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketId);
        ArgumentException.ThrowIfNullOrEmpty(pid);
        return new(true, pid, socketId, null, null);
    }

    /// <summary>Refuses the connection with 44{"message":...,"data":...}; the client sees a connect_error.</summary>
    public static ConnectDecision Reject(string message, JsonElement? data = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(false, null, null, message, data?.Clone());
    }
}
