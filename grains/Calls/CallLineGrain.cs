using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>
/// Memory only, like the calls: a line lost with its silo comes back free, and the call's next
/// refresh takes it again. Never calls another grain, so calls into it cannot deadlock.
/// </summary>
internal sealed class CallLineGrain(IOptions<CallOptions> options, TimeProvider time) : Grain, ICallLineGrain, IGrainMigrationParticipant
{
    /// <summary>A holder unrefreshed for this many liveness intervals is taken to be lost.</summary>
    public const int TtlFactor = 3;

    private const string MigrationKey = "line";

    private readonly TimeSpan _ttl = options.Value.LivenessInterval * TtlFactor;
    private CallLine _line = new();

    public Task<bool> TryOccupy(string callId)
    {
        var now = time.GetUtcNow();
        if (_line.CallId is { } holder && holder != callId && _line.ExpiresAt > now)
        {
            return Task.FromResult(false);
        }

        _line = new CallLine { CallId = callId, ExpiresAt = now + _ttl };
        return Task.FromResult(true);
    }

    public Task Release(string callId)
    {
        if (_line.CallId == callId)
        {
            _line = new CallLine();
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public void OnDehydrate(IDehydrationContext dehydrationContext) => dehydrationContext.TryAddValue(MigrationKey, _line);

    public void OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (rehydrationContext.TryGetValue<CallLine>(MigrationKey, out var line) && line is not null)
        {
            _line = line;
        }
    }
}

[GenerateSerializer, Immutable, Alias("chat.CallLine")]
internal sealed record CallLine
{
    [Id(0)] public string? CallId { get; init; }
    [Id(1)] public DateTimeOffset ExpiresAt { get; init; }
}
