using Orleans.Chat.Files;
using Orleans.Chat.Hosting;
using Orleans.Chat.Hosting.Files;

namespace Orleans.Chat.Gateway.Files;

public static class FileTransferServiceCollectionExtensions
{
    /// <summary>Uploads through the socket and downloads at /files/{id}: the gateway's side of file sharing.</summary>
    public static IServiceCollection AddChatFileTransfer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<FilesOptions, FilesOptionsValidator>(configuration, FilesOptions.SectionName);
        services.AddSingleton<UploadCommands>();
        services.AddSingleton<FileDownloadEndpoint>();
        return services;
    }
}
