using Orleans.TestingHost;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>Arms one-shot failures of the "chat" storage of the <see cref="StandardChatCluster"/>.</summary>
public static class StorageFaults
{
    /// <summary>The next write of <paramref name="stateName"/> (e.g. "room", "user", "history-0") of the grain fails.</summary>
    public static Task FailNextWriteAsync(IClusterClient client, string stateName, IAddressable grain) =>
        client.GetGrain<IStorageFaultGrain>(stateName).AddFaultOnWrite(grain.GetGrainId(), new InjectedStorageException(stateName));

    /// <summary>The next clear of <paramref name="stateName"/> of the grain fails.</summary>
    public static Task FailNextClearAsync(IClusterClient client, string stateName, IAddressable grain) =>
        client.GetGrain<IStorageFaultGrain>(stateName).AddFaultOnClear(grain.GetGrainId(), new InjectedStorageException(stateName));
}

/// <summary>A storage failure a test asked for.</summary>
[GenerateSerializer]
public sealed class InjectedStorageException : Exception
{
    public InjectedStorageException()
    {
    }

    public InjectedStorageException(string stateName)
        : base($"Injected storage failure on {stateName}.")
    {
    }

    public InjectedStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
