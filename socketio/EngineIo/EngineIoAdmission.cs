namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>
/// An application's answer to a new session's opening request (see
/// <see cref="Hosting.SocketIoOptions.AdmitSession"/>): admitted, with an optional lease the server
/// disposes when the session closes, or refused with an HTTP status and the reason in the body.
/// </summary>
public sealed class EngineIoAdmission
{
    /// <summary>Admitted with nothing to release.</summary>
    public static readonly EngineIoAdmission Admitted = new(null, 0, null, null);

    private EngineIoAdmission(IDisposable? lease, int statusCode, string? message, string? code)
    {
        Lease = lease;
        StatusCode = statusCode;
        Message = message;
        Code = code;
    }

    public bool IsAdmitted => Message is null;

    /// <summary>Disposed once when the admitted session closes (e.g. a slot in a connection count).</summary>
    public IDisposable? Lease { get; }

    public int StatusCode { get; }

    public string? Message { get; }

    /// <summary>A machine-readable reason, sent as data.code beside Engine.IO's numeric code.</summary>
    public string? Code { get; }

    public static EngineIoAdmission Admit(IDisposable? lease) => lease is null ? Admitted : new(lease, 0, null, null);

    /// <summary>
    /// Refuses the handshake: <paramref name="statusCode"/> with {"code":4,"message":...,"data":{"code":...}},
    /// the body the reference server sends for a refused request (code 4, Forbidden) plus the reason.
    /// </summary>
    public static EngineIoAdmission Refuse(int statusCode, string message, string? code = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        return new(null, statusCode, message, code);
    }
}
