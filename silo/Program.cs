using Orleans.Chat.Hosting;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
var cluster = ChatClusterOptions.From(builder.Configuration);

builder.UseOrleans(silo =>
{
    silo.UseChatClustering(builder.Configuration).AddChatGrains(builder.Configuration);
    if (cluster.Dashboard)
    {
        silo.AddDashboard();
    }
});

var app = builder.Build();

if (cluster.Dashboard)
{
    app.MapOrleansDashboard(routePrefix: "/dashboard");
}

app.MapGet("/health/live", () => Results.Text("live"));

app.Run();
