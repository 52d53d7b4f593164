using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Chat.Gateway.Commands;

namespace Orleans.Chat.Gateway.Extensions;

/// <summary>Registration of an app's own client events (README, "Extending the gateway").</summary>
public static partial class ChatEventHandlerServiceCollectionExtensions
{
    /// <summary>
    /// Routes the client event <paramref name="eventName"/> to <typeparamref name="THandler"/> on both
    /// protocols. The name must look like the built-in ones (<c>^[a-z][a-z0-9-]{0,63}$</c>) and be none of
    /// them; one handler per name.
    /// </summary>
    /// <exception cref="ArgumentException">The name is malformed, built in, or taken by another handler.</exception>
    public static IServiceCollection AddChatEventHandler<THandler>(this IServiceCollection services, string eventName)
        where THandler : class, IChatEventHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        if (eventName is null || !EventNamePattern().IsMatch(eventName))
        {
            throw new ArgumentException(
                $"Chat event name '{eventName}' is not valid: use 1-64 characters of a-z, 0-9 and '-', starting with a letter.", nameof(eventName));
        }

        if (ClientEventNames.All.Contains(eventName))
        {
            throw new ArgumentException($"Chat event name '{eventName}' is a built-in event of the gateway and cannot be handled by an app.", nameof(eventName));
        }

        var taken = services
            .Select(descriptor => descriptor.IsKeyedService ? null : descriptor.ImplementationInstance as ChatEventHandlerRegistration)
            .FirstOrDefault(registration => registration?.EventName == eventName);
        if (taken is not null)
        {
            throw new ArgumentException($"Chat event name '{eventName}' already has a handler ({taken.HandlerType.Name}).", nameof(eventName));
        }

        services.AddSingleton(new ChatEventHandlerRegistration(eventName, typeof(THandler)));
        services.TryAddScoped<THandler>();
        services.TryAddSingleton<ChatEventHandlers>();
        return services;
    }

    // \z, not $: "$" also matches before a final "\n".
    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EventNamePattern();
}

/// <summary>An app's handler for one event name.</summary>
public sealed record ChatEventHandlerRegistration(string EventName, Type HandlerType);
