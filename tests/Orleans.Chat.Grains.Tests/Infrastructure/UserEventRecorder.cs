using Orleans.Chat.Events;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>
/// Receives a user's live events as a gateway does (it connects the user on a gateway with this recorder as
/// the gateway's one receiver), and records what arrives. Disposing it closes that connection.
/// </summary>
public sealed class UserEventRecorder : ObserverEventLog<UserEvent, IUserObserver>, IUserObserver
{
    private Func<Task>? _disconnect;

    /// <summary>The gateway this recorder stands for.</summary>
    public string? GatewayId { get; private set; }

    /// <summary>
    /// Connects the user through a gateway of this recorder's own (renewed by the fixture while the recorder lives),
    /// or through <paramref name="gatewayId"/>, whose lease the test keeps.
    /// </summary>
    public static async Task<UserEventRecorder> SubscribeAsync(IClusterClient client, string userId, string? gatewayId = null)
    {
        var recorder = Create(client);
        var owned = gatewayId is null;
        recorder.GatewayId = gatewayId ??= ChatClusterFixture.RenewedGateway();
        var presence = TestPresence.Of(client, userId);
        await presence.Connect(gatewayId, new UserRef { Id = userId, Name = userId }, recorder.Reference);
        recorder._disconnect = async () =>
        {
            await presence.Disconnect(gatewayId);
            if (owned)
            {
                ChatClusterFixture.StopRenewing(gatewayId);
            }
        };
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
