namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>A namespace and the handler type serving it, as registered with AddNamespace.</summary>
public sealed record SocketIoNamespaceRegistration(string Name, Type HandlerType);
