using System.Text.Json;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>refresh-token: a new token for the same user extends the connection past the old token's exp.</summary>
public sealed class TokenCommands(ChatTokenValidator tokens, TokenExpiryWatch expiry)
{
    public CommandReply Refresh(ChatSession session, JsonElement data)
    {
        var token = data.ValueKind == JsonValueKind.String ? data.GetString()
            : PayloadReader.TryGetString(data, "token", out var value) ? value : null;
        if (string.IsNullOrEmpty(token))
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        var outcome = tokens.Validate(token);
        if (!outcome.Succeeded)
        {
            return CommandReply.Fail(ClientErrors.AuthFailed(outcome.FailureReason!));
        }

        // A connection is one user's for its whole life: a token for someone else does not take it over.
        if (outcome.User!.Id != session.User.Id)
        {
            return CommandReply.Fail(ClientErrors.AuthFailed("token is for another user"));
        }

        return expiry.Extend(session, outcome.ExpiresAt)
            ? CommandReply.Ok(new RefreshTokenAck(outcome.ExpiresAt?.ToUnixTimeMilliseconds()), ChatJsonContext.Default.RefreshTokenAck)
            : CommandReply.Fail(ClientErrors.TokenExpired);
    }
}
