namespace Orleans.Chat.Gateway.Wire;

/// <summary>The body of every failure: an ack, an error event, or an HTTP error response.</summary>
public sealed record ErrorPayload(string Error, string Code);

/// <summary>The data of a Socket.IO CONNECT_ERROR: the error code beside the message.</summary>
public sealed record ConnectErrorData(string Code);
