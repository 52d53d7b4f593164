namespace Orleans.Chat.Gateway.Auth;

/// <summary>Result of validating a client token: a user and when the token expires (null: no exp), or why not.</summary>
public readonly record struct TokenValidationOutcome(ChatUser? User, DateTimeOffset? ExpiresAt, string? FailureReason)
{
    public bool Succeeded => User is not null;

    public static TokenValidationOutcome Success(ChatUser user, DateTimeOffset? expiresAt) => new(user, expiresAt, null);
    public static TokenValidationOutcome Failure(string reason) => new(null, null, reason);
}
