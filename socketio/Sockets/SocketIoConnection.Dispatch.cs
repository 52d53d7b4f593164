using System.Text.Json;
using Orleans.Chat.SocketIo.EngineIo;
using Orleans.Chat.SocketIo.Packets;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>
/// The dispatcher of a connection: namespace connects, events and leaves, one at a time in packet order. It runs
/// while there is work and ends when the queue is empty; the next work starts it again on the thread pool, never on
/// the transport's thread, so a slow handler never stalls the transport's reads or heartbeat.
/// </summary>
internal sealed partial class SocketIoConnection
{
    /// <summary>Queues work in order, starting the dispatcher when none runs; false once the close was queued.</summary>
    private bool TryQueue(Work work)
    {
        lock (_gate)
        {
            if (_closeQueued)
            {
                return false;
            }

            _closeQueued = work.Kind == WorkKind.Close;
            (_work ??= new Queue<Work>()).Enqueue(work);
            if (_dispatching)
            {
                return true;
            }

            _dispatching = true;
        }

        // Flows the transport's execution context to the handlers, as a dispatcher started with the connection did.
        ThreadPool.QueueUserWorkItem(static connection => _ = connection.DispatchAsync(), this, preferLocal: false);
        return true;
    }

    private bool TryTakeWork(out Work work)
    {
        lock (_gate)
        {
            if (_work?.TryDequeue(out work) == true)
            {
                return true;
            }

            _work = null;
            _dispatching = false;
            work = default;
            return false;
        }
    }

    private async Task DispatchAsync()
    {
        try
        {
            while (TryTakeWork(out var work))
            {
                await RunAsync(work).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // A bug here would leave the connection open with nobody reading its packets: end it instead.
            SocketIoLog.DispatcherFailed(_server.Logger, exception, Session.Id);
            Session.Close();
        }
    }

    private async Task RunAsync(Work work)
    {
        switch (work.Kind)
        {
            case WorkKind.Connect:
                await ConnectAsync(work.Packet!).ConfigureAwait(false);
                break;
            case WorkKind.Event:
                try
                {
                    await DeliverEventAsync(work.Socket!, work.Packet!).ConfigureAwait(false);
                }
                finally
                {
                    work.Packet!.Dispose();
                    ReleaseEventSlot();
                }

                break;
            case WorkKind.Leave:
                await LeaveAsync(work.Socket!, work.Reason!).ConfigureAwait(false);
                break;
            case WorkKind.Close:
                await LeaveAllAsync(work.Reason!).ConfigureAwait(false);
                break;
        }
    }

    private async Task ConnectAsync(SocketIoPacket packet)
    {
        var nsp = packet.Namespace;
        var owner = _server.GetNamespace(nsp);
        if (owner is null)
        {
            packet.Dispose();
            Refuse(nsp, "Invalid namespace", null);
            return;
        }

        // The handler reads the packet's own auth, valid until it returns; the handshake keeps a copy of its text.
        var auth = packet.Payload?.RootElement;
        var socket = new SocketIoSocket(this, owner, SessionIdGenerator.Next(), new SocketIoHandshake(Handshake, auth));
        ConnectDecision decision;
        try
        {
            decision = await owner.Handler.OnConnectAsync(socket, auth).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocketIoLog.HandlerFailed(_server.Logger, exception, nsp, socket.Id);
            decision = ConnectDecision.Reject("Server error");
        }
        finally
        {
            packet.Dispose();
        }

        if (!decision.IsAccepted)
        {
            Refuse(nsp, decision.ErrorMessage ?? "Refused", decision.ErrorData);
            return;
        }

        socket.Accept(decision);
        bool abandoned;
        lock (_gate)
        {
            _joiningCount--;
            abandoned = Session.IsClosed;
            if (abandoned)
            {
                _sockets.Remove(nsp);
            }
            else
            {
                _sockets[nsp] = socket;
            }
        }

        if (abandoned)
        {
            socket.StopSending();
            await NotifyAbandonedAsync(socket).ConfigureAwait(false);
            return;
        }

        Session.MarkEstablished();
        StopConnectTimer();
        // Queued before the socket becomes visible to broadcasts, so the reply precedes every event.
        Session.TryEnqueue(new OutboundMessage(SocketIoPacketEncoder.EncodeConnect(nsp, socket.Id, decision.Pid)));
        owner.Add(socket);
        try
        {
            await owner.Handler.OnConnectedAsync(socket).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocketIoLog.HandlerFailed(_server.Logger, exception, nsp, socket.Id);
        }
    }

    private async Task NotifyAbandonedAsync(SocketIoSocket socket)
    {
        try
        {
            await socket.Owner.Handler.OnConnectAbandonedAsync(socket).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocketIoLog.HandlerFailed(_server.Logger, exception, socket.Namespace, socket.Id);
        }
    }

    private void Refuse(string nsp, string message, JsonElement? data)
    {
        lock (_gate)
        {
            if (_sockets.TryGetValue(nsp, out var joined) && joined is null)
            {
                _sockets.Remove(nsp);
                _joiningCount--;
            }
        }

        SocketIoLog.ConnectRefused(_server.Logger, Session.Id, nsp, message);
        Session.TryEnqueue(new OutboundMessage(SocketIoPacketEncoder.EncodeConnectError(nsp, message, data)));
    }

    private async Task DeliverEventAsync(SocketIoSocket socket, SocketIoPacket packet)
    {
        if (!socket.Connected)
        {
            return;
        }

        var array = packet.Payload!.RootElement;
        var name = array[0].GetString()!;
        var arguments = new JsonElement[array.GetArrayLength() - 1];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = array[i + 1];
        }

        var ack = packet.AckId is { } id ? new SocketIoAck(socket, id) : null;
        var evt = new SocketIoEvent(name, arguments, packet.Attachments, ack, packet.Size);
        try
        {
            await socket.Owner.Handler.OnEventAsync(socket, evt).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocketIoLog.HandlerFailed(_server.Logger, exception, socket.Namespace, socket.Id);
        }
    }

    private async Task LeaveAsync(SocketIoSocket socket, string reason)
    {
        if (!socket.MarkDisconnected())
        {
            return;
        }

        socket.Owner.Remove(socket);
        try
        {
            await socket.Owner.Handler.OnDisconnectAsync(socket, reason).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocketIoLog.HandlerFailed(_server.Logger, exception, socket.Namespace, socket.Id);
        }
    }

    private async Task LeaveAllAsync(string reason)
    {
        SocketIoSocket[] sockets;
        lock (_gate)
        {
            sockets = [.. _sockets.Values.OfType<SocketIoSocket>()];
            _sockets.Clear();
            _joiningCount = 0;
        }

        foreach (var socket in sockets)
        {
            await LeaveAsync(socket, reason).ConfigureAwait(false);
        }
    }

    private enum WorkKind
    {
        Connect,
        Event,
        Leave,
        Close,
    }

    private readonly record struct Work(WorkKind Kind, SocketIoSocket? Socket, SocketIoPacket? Packet, string? Reason);
}
