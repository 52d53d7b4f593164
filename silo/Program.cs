using Orleans.Chat.Hosting;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
// A silo uses none but the dashboard password; the others are checked too when a shared environment hands them over.
ProductionSecrets.EnsureStrong(builder.Configuration, builder.Environment, ChatDashboard.PasswordKey, "Auth:SigningKey", "Api:Key");
var dashboard = ChatDashboard.From(builder.Configuration, builder.Environment);

builder.UseOrleans(silo =>
{
    silo.UseChatClustering(builder.Configuration).AddChatGrains(builder.Configuration);
    if (dashboard.IsServed)
    {
        silo.AddDashboard();
    }
});

var app = builder.Build();

dashboard.LogIfWithheld(app.Logger);
if (dashboard.IsServed)
{
    app.GuardDashboard(app.MapOrleansDashboard(routePrefix: ChatDashboard.RoutePrefix), dashboard);
}

app.MapGet("/health/live", () => Results.Text("live"));

app.Run();
