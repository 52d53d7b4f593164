using Orleans.Runtime;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Grain references by string key for the connect path. Orleans' GetGrain&lt;T&gt;(key) resolves the
/// interface's type by reflection (custom attributes, type-name formatting) on every call, which took
/// about 9 % of the managed CPU of a connect (bench connect-rate profile); here the grain type and
/// interface type are resolved once per interface and the reference is made from them.
/// </summary>
public static class GrainReferences
{
    public static T Reference<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        var types = Resolved<T>.Types ??= Resolve<T>(grains);
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private static GrainTypes Resolve<T>(IGrainFactory grains) where T : IGrainWithStringKey
    {
        // The key does not matter: the types are the same for every key.
        var sample = (GrainReference)(object)grains.GetGrain<T>("-");
        return new GrainTypes(sample.GrainId.Type, sample.InterfaceType);
    }

    /// <summary>A reference, so that it is published whole.</summary>
    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);

    private static class Resolved<T>
    {
        internal static GrainTypes? Types;
    }
}
