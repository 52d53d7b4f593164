using Orleans.Chat.Hosting;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);

builder.UseOrleans(silo => silo
    // Localhost clustering for now; Redis clustering arrives with the cluster run mode.
    .UseLocalhostClustering()
    .AddChatGrains(builder.Configuration)
    .AddDashboard());

var app = builder.Build();

app.MapOrleansDashboard(routePrefix: "/dashboard");
app.MapGet("/health/live", () => Results.Text("live"));

app.Run();
