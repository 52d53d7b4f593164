using Orleans.Chat.Hosting.Files;

namespace Orleans.Chat.Gateway.Files;

public static class FileTransferServiceCollectionExtensions
{
    /// <summary>
    /// Uploads through the socket and downloads at /files/{id}: the gateway's side of file sharing, with the
    /// file store and the Files options (registered once: a co-hosted silo's own call then does nothing).
    /// </summary>
    public static IServiceCollection AddChatFileTransfer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddChatFileStore(configuration);
        services.AddSingleton<UploadCommands>();
        services.AddSingleton<FileDownloadEndpoint>();
        return services;
    }
}
