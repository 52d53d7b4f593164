using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orleans.Chat.SocketIo.Buffers;

namespace Orleans.Chat.SocketIo.EngineIo;

/// <summary>Writes the JSON error responses of the Engine.IO protocol, e.g. 400 {"code":1,"message":"Session ID unknown"}.</summary>
internal static class EngineIoErrorResponder
{
    public static Task WriteAsync(HttpContext context, EngineIoError error)
    {
        var response = context.Response;
        response.StatusCode = error == EngineIoError.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        response.ContentType = "application/json";
        var body = Body(error);
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>A refused handshake: its status, and the reference server's body for a refusal (code 4) with the message and reason.</summary>
    public static Task WriteRefusalAsync(HttpContext context, EngineIoAdmission refusal)
    {
        var response = context.Response;
        response.StatusCode = refusal.StatusCode;
        response.ContentType = "application/json";
        using var buffer = new PooledBufferWriter();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("code"u8, (int)EngineIoError.Forbidden);
            json.WriteString("message"u8, refusal.Message);
            if (refusal.Code is { } code)
            {
                json.WriteStartObject("data"u8);
                json.WriteString("code"u8, code);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var body = buffer.WrittenSpan.ToArray();
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    private static byte[] Body(EngineIoError error) => error switch
    {
        EngineIoError.UnknownTransport => """{"code":0,"message":"Transport unknown"}"""u8.ToArray(),
        EngineIoError.UnknownSessionId => """{"code":1,"message":"Session ID unknown"}"""u8.ToArray(),
        EngineIoError.BadHandshakeMethod => """{"code":2,"message":"Bad handshake method"}"""u8.ToArray(),
        EngineIoError.BadRequest => """{"code":3,"message":"Bad request"}"""u8.ToArray(),
        EngineIoError.Forbidden => """{"code":4,"message":"Forbidden"}"""u8.ToArray(),
        EngineIoError.UnsupportedProtocolVersion => """{"code":5,"message":"Unsupported protocol version"}"""u8.ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };
}
