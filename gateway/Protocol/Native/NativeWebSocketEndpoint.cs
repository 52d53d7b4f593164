using Orleans.Chat.Gateway.Admission;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>
/// GET /ws: who may open a native session. Authenticates before the upgrade and applies the
/// connection caps, then hands the request to <see cref="NativeWebSocketTransport"/>.
/// </summary>
public sealed class NativeWebSocketEndpoint(
    ConnectionAdmission admission,
    NativeWebSocketTransport transport)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (await ChatAuthentication.AuthenticateAsync(context) is not { } auth)
        {
            await WriteHttpErrorAsync(context, StatusCodes.Status401Unauthorized, ClientErrors.AuthRequired);
            return;
        }

        if (!auth.Succeeded)
        {
            await WriteHttpErrorAsync(context, StatusCodes.Status401Unauthorized, ClientErrors.AuthFailed(auth.FailureReason!));
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await WriteHttpErrorAsync(context, StatusCodes.Status400BadRequest, new ErrorPayload("WebSocket upgrade required", "invalid_format"));
            return;
        }

        // Caps after authentication: refused tokens cost no connect budget, and the user is known.
        using var addressSlot = admission.TryAdmitAddress(context.Connection.RemoteIpAddress);
        using var userSlot = addressSlot is null ? null : admission.TryAdmitUser(auth.User!.Id);
        if (userSlot is null)
        {
            await WriteHttpErrorAsync(context, StatusCodes.Status429TooManyRequests, ClientErrors.TooManyConnections);
            return;
        }

        await transport.RunAsync(context, auth.User!, auth.ExpiresAt);
    }

    private static Task WriteHttpErrorAsync(HttpContext context, int status, ErrorPayload error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(error, ChatJsonContext.Default.ErrorPayload);
    }
}
