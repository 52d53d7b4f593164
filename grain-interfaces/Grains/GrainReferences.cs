using Orleans.Runtime;

namespace Orleans.Chat.Grains;

/// <summary>
/// Grain references without Orleans' per-call type resolution. <c>GetGrain&lt;T&gt;(key)</c> in
/// Orleans 10.4 resolves the interface's type by reflection (custom attributes, type-name formatting)
/// on every call: about 9 % of a connect's CPU in the bench connect-rate profile, from the gateway and
/// from grains alike. Here the grain type and interface type are resolved once per interface, and
/// each reference is made from them.
/// </summary>
public static class GrainReferences
{
    public static T Reference<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        var types = Resolved<T>.Types ??= Resolve(grains, grains.GetGrain<T>("-"));
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    public static T Reference<T>(this IGrainFactory grains, long key) where T : IGrainWithIntegerKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        var types = Resolved<T>.Types ??= Resolve(grains, grains.GetGrain<T>(0));
        return (T)grains.GetGrain(GrainId.Create(types.Grain, GrainIdKeyExtensions.CreateIntegerKey(key)), types.Interface);
    }

    /// <summary>A reference to the grain <paramref name="id"/> through interface <typeparamref name="T"/>.</summary>
    public static T Reference<T>(this IGrainFactory grains, GrainId id) where T : IAddressable
    {
        ArgumentNullException.ThrowIfNull(grains);
        var interfaceType = InterfaceOf<T>.Type ??= new InterfaceTypeBox(((GrainReference)(object)grains.GetGrain<T>(id)).InterfaceType);
        return (T)grains.GetGrain(id, interfaceType.Value);
    }

    // The key of the sample reference does not matter: the types are the same for every key.
    private static GrainTypes Resolve<T>(IGrainFactory grains, T sample)
    {
        var reference = (GrainReference)(object)sample!;
        return new GrainTypes(reference.GrainId.Type, reference.InterfaceType);
    }

    /// <summary>References, so that they are published whole.</summary>
    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);

    private sealed record InterfaceTypeBox(GrainInterfaceType Value);

    private static class Resolved<T>
    {
        internal static GrainTypes? Types;
    }

    private static class InterfaceOf<T>
    {
        internal static InterfaceTypeBox? Type;
    }
}
