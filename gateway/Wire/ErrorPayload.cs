namespace Orleans.Chat.Gateway.Wire;

/// <summary>The body of every failure: an ack, an error event, or an HTTP error response.</summary>
public sealed record ErrorPayload(string Error, string Code);
