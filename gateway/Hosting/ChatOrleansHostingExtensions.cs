using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Hosting;
using Orleans.Dashboard;

namespace Orleans.Chat.Gateway.Hosting;

public static class SingleNodeOrleansExtensions
{
    /// <summary>
    /// Single-node mode: this process co-hosts a silo with localhost clustering and in-memory
    /// storage and streams, so the server starts with no external service.
    /// </summary>
    public static WebApplicationBuilder UseSingleNodeOrleans(this WebApplicationBuilder builder)
    {
        var host = builder.Configuration.GetSection(OrleansHostOptions.Section).Get<OrleansHostOptions>() ?? new OrleansHostOptions();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort, serviceId: host.ServiceId, clusterId: host.ClusterId);
            silo.AddChatGrains(builder.Configuration);
            if (host.Dashboard)
            {
                silo.AddDashboard();
            }
        });
        return builder;
    }
}
