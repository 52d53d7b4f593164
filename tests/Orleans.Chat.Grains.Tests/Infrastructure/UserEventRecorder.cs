using Orleans.Chat.Events;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>
/// Receives a user's live events as a gateway does (it connects the user on the gateway with this recorder as
/// the gateway's receiver), and records what arrives. Disposing it closes that connection.
/// </summary>
public sealed class UserEventRecorder : ObserverEventLog<UserEvent, IUserObserver>, IUserObserver
{
    private Func<Task>? _disconnect;

    public static async Task<UserEventRecorder> SubscribeAsync(IClusterClient client, string userId, string gatewayId = ChatClusterFixture.TestGateway)
    {
        var recorder = Create(client);
        var presence = TestPresence.Of(client, userId);
        await presence.Connect(gatewayId, new UserRef { Id = userId, Name = userId }, recorder.Reference);
        recorder._disconnect = () => presence.Disconnect(gatewayId);
        return recorder;
    }

    /// <summary>A recorder with its observer reference, for a call that connects it (a session's opening).</summary>
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

    public override async ValueTask DisposeAsync()
    {
        if (_disconnect is not null)
        {
            await _disconnect();
        }

        await base.DisposeAsync();
    }
}
