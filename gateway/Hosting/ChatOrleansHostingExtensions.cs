using Orleans.Chat.Gateway.Fanout;
using Orleans.Chat.Hosting;
using Orleans.Dashboard;

namespace Orleans.Chat.Gateway.Hosting;

public static class ChatOrleansHostingExtensions
{
    /// <summary>
    /// Single-node mode (Orleans:Membership = Localhost, the default): this process co-hosts a
    /// silo, so the server starts with no external service. Cluster mode (Redis): the gateway
    /// is an Orleans client only and the grains run in separate silo processes.
    /// </summary>
    public static WebApplicationBuilder UseChatOrleans(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var cluster = ChatClusterOptions.From(configuration);
        if (cluster.Membership == ClusteringKind.Localhost)
        {
            builder.UseOrleans(silo =>
            {
                silo.UseChatClustering(configuration).AddChatGrains(configuration);
                if (ChatDashboard.From(configuration, builder.Environment).IsServed)
                {
                    silo.AddDashboard();
                }
            });
        }
        else
        {
            builder.UseOrleansClient(client => client
                .UseChatCluster(configuration)
                .AddClusterConnectionStatusObserver<ClusterConnectionWatcher>());
        }

        return builder;
    }

    /// <summary>True when this process hosts a silo (and so can serve the dashboard).</summary>
    public static bool CoHostsSilo(this IConfiguration configuration) =>
        ChatClusterOptions.From(configuration).Membership == ClusteringKind.Localhost;
}
