using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Chat.Grains;
using Orleans.Chat.Streams;
using Orleans.Configuration;

namespace Orleans.Chat.Hosting;

public static class ChatClusterExtensions
{
    /// <summary>Clustering and endpoints of a silo, from the "Orleans" and "Redis" sections.</summary>
    public static ISiloBuilder UseChatClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.UseChatTls(configuration);
        var options = ChatClusterOptions.From(configuration);
        if (options.Membership == ClusteringKind.Localhost)
        {
            return silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }

        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        if (options.AdvertisedIP is { } ip)
        {
            // A loopback address (several silos on one machine) is also the only one listened on.
            var advertised = IPAddress.Parse(ip);
            silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
        }
        else
        {
            silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: true);
        }

        var redis = RedisConnection.Options(configuration);
        return silo.UseRedisClustering(clustering => clustering.ConfigurationOptions = redis);
    }

    /// <summary>Mutual TLS on the silo's connections (silo to silo, clients to silo) when Orleans:Tls has a certificate.</summary>
    public static ISiloBuilder UseChatTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        var tls = ClusterTlsOptions.From(configuration);
        return tls.Enabled ? silo.UseTls(tls.Apply) : silo;
    }

    /// <summary>Mutual TLS on an Orleans client's connections to the silos when Orleans:Tls has a certificate.</summary>
    public static IClientBuilder UseChatTls(this IClientBuilder client, IConfiguration configuration)
    {
        var tls = ClusterTlsOptions.From(configuration);
        return tls.Enabled ? client.UseTls(tls.Apply) : client;
    }

    /// <summary>
    /// An Orleans client (a gateway in cluster mode): Redis clustering to find the silos, and
    /// the chat stream provider so it can publish and receive server-wide broadcasts.
    /// </summary>
    public static IClientBuilder UseChatCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var options = ChatClusterOptions.From(configuration);
        if (options.Membership != ClusteringKind.Redis)
        {
            throw new InvalidOperationException("A stand-alone Orleans client needs Orleans:Membership = Redis.");
        }

        client.UseChatTls(configuration);
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        var redis = RedisConnection.Options(configuration);
        client.UseRedisClustering(clustering => clustering.ConfigurationOptions = redis);

        // A request lost with a dead silo is answered "unavailable" after this, not Orleans' 30 s,
        // so clients retry (with the same clientMsgId) sooner.
        client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(10));
        // The same queue count as the silos: a client publishing to a queue no silo pulls would lose the event.
        client.AddMemoryStreams(ChatStreams.ProviderName, stream => stream.ConfigurePartitioning(ChatStreamOptions.From(configuration).Queues));
        return client;
    }
}
