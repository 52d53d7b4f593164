using System.Collections.Immutable;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Streams;
using Orleans.Streams;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// The gateway's subscription to one user's stream, shared by that user's local sessions:
/// private messages go to every session; membership changes made on any connection
/// subscribe or unsubscribe all of them.
/// </summary>
internal sealed class UserTopic(string userId, IAsyncStream<UserEvent> stream, RoomFanout rooms, ILogger logger)
    : StreamTopic<UserEvent>(logger)
{
    private ImmutableArray<ChatSession> _sessions = [];

    public string UserId { get; } = userId;

    public async Task<bool> TryAddAsync(ChatSession session)
    {
        await Gate.WaitAsync();
        try
        {
            if (Closed)
            {
                return false;
            }

            await SubscribeLockedAsync(stream);
            if (!_sessions.Contains(session))
            {
                _sessions = _sessions.Add(session);
            }

            return true;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task RemoveAsync(ChatSession session)
    {
        await Gate.WaitAsync();
        try
        {
            _sessions = _sessions.Remove(session);
            if (_sessions.IsEmpty && !Closed)
            {
                await CloseLockedAsync();
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    protected override async Task DeliverLockedAsync(UserEvent evt)
    {
        switch (evt.Kind)
        {
            case UserEventKind.PrivateMessage:
                var outbound = new OutboundEvent(ServerEventNames.PrivateMessage, evt.PrivateMessage!, ChatJsonContext.Default.PrivateMessage);
                foreach (var session in _sessions)
                {
                    session.Enqueue(outbound);
                }

                break;

            case UserEventKind.RoomJoined:
                foreach (var session in _sessions)
                {
                    if (!session.IsInRoom(evt.RoomId!))
                    {
                        await rooms.AddAsync(evt.RoomId!, session);
                    }
                }

                break;

            case UserEventKind.RoomLeft:
                foreach (var session in _sessions)
                {
                    await rooms.RemoveAsync(evt.RoomId!, session);
                }

                break;
        }
    }
}
