namespace Orleans.Chat.Gateway.Auth;

/// <summary>The short, stable reasons a client token is refused with (never the token or a parser's message).</summary>
public static class TokenFailures
{
    public const string Malformed = "malformed token";
    public const string Invalid = "invalid token";
    public const string InvalidSignature = "invalid signature";
    public const string UnsupportedAlgorithm = "unsupported algorithm";
    public const string InvalidIssuer = "invalid issuer";
    public const string InvalidAudience = "invalid audience";
    public const string MissingSubject = "missing sub claim";
    public const string InvalidSubject = "invalid sub";
    public const string MissingExpiry = "missing exp";
    public const string Expired = "token expired";
    public const string NotYetValid = "token not yet valid";
}
