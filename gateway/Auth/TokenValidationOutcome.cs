namespace Orleans.Chat.Gateway.Auth;

/// <summary>Result of validating a client token: a user, or why not.</summary>
public readonly record struct TokenValidationOutcome(ChatUser? User, string? FailureReason)
{
    public bool Succeeded => User is not null;

    public static TokenValidationOutcome Success(ChatUser user) => new(user, null);
    public static TokenValidationOutcome Failure(string reason) => new(null, reason);
}
