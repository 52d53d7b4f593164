namespace Orleans.Chat.Gateway.Auth;

/// <summary>The authenticated identity of a connection, from the token's sub and name claims.</summary>
public sealed record ChatUser(string Id, string Name);
