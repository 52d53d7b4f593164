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
        return Resolved<T>.Types is { } types
            ? (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface)
            : Learn(grains.GetGrain<T>(key));
    }

    public static T Reference<T>(this IGrainFactory grains, long key) where T : IGrainWithIntegerKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        return Resolved<T>.Types is { } types
            ? (T)grains.GetGrain(GrainId.Create(types.Grain, GrainIdKeyExtensions.CreateIntegerKey(key)), types.Interface)
            : Learn(grains.GetGrain<T>(key));
    }

    /// <summary>A reference to the grain <paramref name="id"/> through interface <typeparamref name="T"/>.</summary>
    public static T Reference<T>(this IGrainFactory grains, GrainId id) where T : IAddressable
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (InterfaceOf<T>.Type is { } interfaceType)
        {
            return (T)grains.GetGrain(id, interfaceType.Value);
        }

        var first = grains.GetGrain<T>(id);
        if (first is GrainReference reference)
        {
            InterfaceOf<T>.Type = new InterfaceTypeBox(reference.InterfaceType);
        }

        return first;
    }

    /// <summary>
    /// Keeps the types of the first reference Orleans made (they are the same for every key). A factory
    /// of test doubles hands out objects that are not references: those are used as they are.
    /// </summary>
    private static T Learn<T>(T first)
    {
        if (first is GrainReference reference)
        {
            Resolved<T>.Types = new GrainTypes(reference.GrainId.Type, reference.InterfaceType);
        }

        return first;
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
