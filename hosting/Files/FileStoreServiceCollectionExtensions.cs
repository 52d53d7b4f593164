using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Chat.Files;

namespace Orleans.Chat.Hosting.Files;

public static class FileStoreServiceCollectionExtensions
{
    /// <summary>
    /// The file store (<see cref="IFileStore"/>) and Files options, for silos (file grains) and gateways
    /// (chunk writes, downloads). Disk (Files:Directory, relative to <paramref name="contentRoot"/> or the
    /// host's content root) unless Files:Store says Redis, or Files:Store is unset and Orleans:Storage is
    /// Redis. Idempotent: a gateway that co-hosts its silo registers it once whoever calls first.
    /// </summary>
    public static IServiceCollection AddChatFileStore(this IServiceCollection services, IConfiguration configuration, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(service => service.ServiceType == typeof(IFileStore)))
        {
            return services;
        }

        services.AddValidatedOptions<FilesOptions, FilesOptionsValidator>(configuration, FilesOptions.SectionName);
        if (StoreKind(configuration) == FileStoreKind.Redis)
        {
            services.TryAddSingleton(_ => new FileStoreRedis(configuration));
            services.AddSingleton<IFileStore>(provider =>
            {
                var files = provider.GetRequiredService<IOptions<FilesOptions>>().Value;
                return new RedisFileStore(provider.GetRequiredService<FileStoreRedis>(), files.UploadTimeout, files.ChunkBytes);
            });
        }
        else
        {
            services.AddSingleton(provider =>
            {
                var files = provider.GetRequiredService<IOptions<FilesOptions>>().Value;
                var root = contentRoot ?? provider.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
                return new DiskFileStore(Path.GetFullPath(files.Directory, root), files.ChunkBytes);
            });
            services.AddSingleton<IFileStore>(provider => provider.GetRequiredService<DiskFileStore>());
            services.AddHostedService<DiskUploadSweeper>();
        }

        return services;
    }

    /// <summary>Files:Store when set; else Redis when grain state is in Redis (a cluster), else Disk.</summary>
    public static FileStoreKind StoreKind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration.GetSection(FilesOptions.SectionName).Get<FilesOptions>()?.Store;
        return configured ?? (ChatClusterOptions.From(configuration).Storage == GrainStorageKind.Redis ? FileStoreKind.Redis : FileStoreKind.Disk);
    }
}
