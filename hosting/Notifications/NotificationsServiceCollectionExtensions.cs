using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Chat.Grains.Notifications;

namespace Orleans.Chat.Hosting.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// The Notifications options and the webhook sender of a silo. With Notifications:WebhookUrl
    /// unset the sender accepts nothing and the chat-events consumer returns at once.
    /// </summary>
    public static IServiceCollection AddChatNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<NotificationOptions, NotificationOptionsValidator>(configuration, NotificationOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationSecretValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<NotificationOptions>>().Value.Timeout)
            // A redirect would carry a signed body to a URL nobody configured.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<IWebhookSender>(provider => provider.GetRequiredService<WebhookSender>());
        return services;
    }

    /// <summary>Outside Development the webhook secret must be a real one: 32+ characters that <see cref="SecretStrength"/> finds strong.</summary>
    private sealed class NotificationSecretValidator(IHostEnvironment environment) : IValidateOptions<NotificationOptions>
    {
        public const int MinProductionLength = 32;

        public ValidateOptionsResult Validate(string? name, NotificationOptions options)
        {
            if (!options.Enabled || string.IsNullOrEmpty(options.Secret) || environment.IsDevelopment())
            {
                return ValidateOptionsResult.Success;
            }

            const string Key = $"{NotificationOptions.SectionName}:{nameof(NotificationOptions.Secret)}";
            if (options.Secret.Length < MinProductionLength)
            {
                return ValidateOptionsResult.Fail($"{Key} must be at least {MinProductionLength} characters in {environment.EnvironmentName}.");
            }

            return SecretStrength.Weakness(options.Secret) is { } weakness
                ? ValidateOptionsResult.Fail($"{Key} {weakness}.")
                : ValidateOptionsResult.Success;
        }
    }
}
