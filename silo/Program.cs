using Microsoft.Extensions.Options;
using Orleans.Chat.Hosting;
using Orleans.Chat.Hosting.Metrics;
using Orleans.Dashboard;

// A refused configuration ends the process with one line on stderr and exit code 1.
return await ConfigurationError.RunAsync(() => BuildSilo(args).RunAsync(), Console.Error);

static WebApplication BuildSilo(string[] args)
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Logging.AddChatLogging(builder.Environment, builder.Configuration);
    // A silo uses none but the dashboard password; the others are checked too when a shared environment hands them over.
    ProductionSecrets.EnsureStrong(builder.Configuration, builder.Environment, ChatDashboard.PasswordKey, "Auth:SigningKey", "Api:Key");
    var dashboard = ChatDashboard.From(builder.Configuration, builder.Environment);
    builder.Services.AddChatMetrics(builder.Configuration);

    builder.UseOrleans(silo =>
    {
        silo.UseChatClustering(builder.Configuration).AddChatGrains(builder.Configuration);
        if (dashboard.IsServed)
        {
            silo.AddDashboard();
        }
    });

    var app = builder.Build();
    // Options now, before the host would log a failed start with a stack trace.
    app.Services.GetService<IStartupValidator>()?.Validate();

    dashboard.LogIfWithheld(app.Logger);
    app.UseChatMetrics();
    if (dashboard.IsServed)
    {
        app.GuardDashboard(app.MapOrleansDashboard(routePrefix: ChatDashboard.RoutePrefix), dashboard);
    }

    app.MapGet("/health/live", () => Results.Text("live"));
    return app;
}
