using Orleans.Chat.Events;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>
/// A user as a gateway presents them to a call: connected to presence from one gateway (so the call's
/// liveness check finds the lease), with that gateway's user-event subscription recording what arrives.
/// Sessions are only names here: the events carry which session they are for.
/// </summary>
public sealed class CallUser : IAsyncDisposable
{
    private readonly IClusterClient _client;

    private CallUser(IClusterClient client, UserRef user, string gatewayId, UserEventRecorder events)
    {
        _client = client;
        User = user;
        GatewayId = gatewayId;
        Events = events;
    }

    public UserRef User { get; }

    public string Id => User.Id;

    public string GatewayId { get; }

    public UserEventRecorder Events { get; }

    /// <summary>A fresh user; <paramref name="holdsLease"/> false: their gateway never told presence (it is "dead").</summary>
    public static async Task<CallUser> ConnectAsync(IClusterClient client, string prefix, bool holdsLease = true)
    {
        var user = TestIds.UserRef(prefix);
        var gatewayId = TestIds.Gateway();
        if (holdsLease)
        {
            await TestPresence.Of(client, user.Id).Connect(gatewayId, user);
        }

        return new CallUser(client, user, gatewayId, await UserEventRecorder.SubscribeAsync(client, user.Id));
    }

    public CallParty Session(string sessionId) => new() { User = User, SessionId = sessionId, GatewayId = GatewayId };

    /// <summary>The call signals of one call received so far, in order.</summary>
    public IReadOnlyList<UserEvent> Signals(string callId) =>
        [.. Events.Received.Where(e => e.Kind == UserEventKind.Call && e.Call!.CallId == callId)];

    public Task<UserEvent> WaitForAsync(string callId, CallSignalKind kind, string? reason = null) =>
        Events.WaitForAsync(
            e => e.Kind == UserEventKind.Call && e.Call!.CallId == callId && e.Call.Kind == kind && (reason is null || e.Call.Reason == reason),
            $"{kind} {reason} of call {callId} to {Id}");

    /// <summary>Waits for the call's record in this user's conversation with the other, and returns it.</summary>
    public async Task<PrivateMessage> WaitForRecordAsync(string otherUserId, string callId)
    {
        var messages = await Eventually.ProbeAsync(
            () => HistoryWithAsync(otherUserId),
            all => all.Any(m => m.Call?.CallId == callId),
            $"the record of call {callId}");
        return messages.Single(m => m.Call?.CallId == callId);
    }

    public async Task<IReadOnlyList<PrivateMessage>> HistoryWithAsync(string otherUserId) =>
        (await _client.GetGrain<IConversationGrain>(ConversationIds.For(Id, otherUserId))
            .GetHistory(new ConversationHistoryRequest { UserId = Id, Limit = 100 })).Messages;

    public async ValueTask DisposeAsync()
    {
        await Events.DisposeAsync();
    }
}
