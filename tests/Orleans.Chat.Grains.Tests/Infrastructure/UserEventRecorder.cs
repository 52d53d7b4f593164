using System.Collections.Concurrent;
using Orleans.Chat.Events;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Subscribes to a user's live events as a gateway does, and records what arrives.</summary>
public sealed class UserEventRecorder : ObserverEventLog<UserEvent, IUserObserver>, IUserObserver
{
    public static async Task<UserEventRecorder> SubscribeAsync(IClusterClient client, string userId, string gatewayId = ChatClusterFixture.TestGateway)
    {
        var recorder = new UserEventRecorder();
        await client.GetGrain<IUserGrain>(userId).Subscribe(recorder.CreateReference(client), gatewayId);
        return recorder;
    }

    /// <summary>A recorder with its observer reference, for a call that subscribes it (a session's opening).</summary>
    public static UserEventRecorder Create(IClusterClient client)
    {
        var recorder = new UserEventRecorder();
        recorder.CreateReference(client);
        return recorder;
    }

    public Task OnUserEvent(UserEvent userEvent)
    {
        Add(userEvent);
        return Task.CompletedTask;
    }

    /// <summary>The users whose grains said they were deactivating, in order.</summary>
    public ConcurrentQueue<string> EndedFor { get; } = new();

    public Task OnSubscriptionEnded(string userId)
    {
        EndedFor.Enqueue(userId);
        return Task.CompletedTask;
    }
}
