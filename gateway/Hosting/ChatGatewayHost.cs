using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Hosting;

namespace Orleans.Chat.Gateway.Hosting;

/// <summary>Builds the gateway application; used by Program and by the end-to-end tests.</summary>
public static partial class ChatGatewayHost
{
    /// <summary>The secrets a gateway refuses to start with, outside Development, when they are weak.</summary>
    private static readonly string[] SecretKeys = ["Auth:SigningKey", "Api:Key", ChatDashboard.PasswordKey, "Calls:TurnSecret"];

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddChatLogging(builder.Environment, builder.Configuration);
        configure?.Invoke(builder);
        ProductionSecrets.EnsureStrong(builder.Configuration, builder.Environment, SecretKeys);
        // Orleans first: hosted services start in registration order, and the gateway's need the silo running.
        builder.UseChatOrleans();
        builder.AddChatGateway();

        var app = builder.Build();
        // Options now, not when the host starts: a bad value stops Build with its key named, before
        // the host logs the failure with a stack trace (Program turns it into one line, see ConfigurationError).
        app.Services.GetService<IStartupValidator>()?.Validate();

        // Resolve the key now: outside Development a missing key stops the start with a clear message.
        var keys = app.Services.GetRequiredService<SigningKeyProvider>();
        if (keys.IsGenerated)
        {
            LogGeneratedKey(app.Logger);
        }

        app.MapChatGateway();
        return app;
    }

    [LoggerMessage(EventId = 5500, Level = LogLevel.Warning, Message = "Development: no Auth:SigningKey set, using a key generated for this process. Get a token with POST /auth/dev-token and a JSON body with userId and name.")]
    private static partial void LogGeneratedKey(ILogger logger);
}
