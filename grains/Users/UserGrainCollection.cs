using Orleans.Configuration;

namespace Orleans.Chat.Grains;

/// <summary>The user grain's idle lifetime (Presence:UserIdleLifetime), set as Orleans' collection age for its type.</summary>
public static class UserGrainCollection
{
    /// <summary>Not an attribute on the grain: Orleans lets a type's attribute override the options.</summary>
    public static void Apply(GrainCollectionOptions collection, PresenceOptions presence) =>
        collection.ClassSpecificCollectionAge[typeof(UserGrain).FullName!] = presence.UserIdleLifetime;
}
