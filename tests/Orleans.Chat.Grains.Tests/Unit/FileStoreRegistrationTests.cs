using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Orleans.Chat.Hosting.Files;
using Orleans.Chat.Files;

namespace Orleans.Chat.Grains.Tests.Unit;

public sealed class FileStoreRegistrationTests
{
    [Theory]
    [InlineData(null, null, typeof(DiskFileStore))]
    [InlineData("Memory", null, typeof(DiskFileStore))]
    [InlineData("Redis", null, typeof(RedisFileStore))]
    [InlineData("Redis", "Disk", typeof(DiskFileStore))]
    [InlineData(null, "Redis", typeof(RedisFileStore))]
    public void The_store_follows_Files_Store_or_else_the_grain_storage(string? grainStorage, string? fileStore, Type expected)
    {
        var root = Directory.CreateTempSubdirectory("orleans-chat-registration-").FullName;
        try
        {
            using var provider = Build(new() { ["Orleans:Storage"] = grainStorage, ["Files:Store"] = fileStore, ["Redis:ConnectionString"] = "127.0.0.1:1" }, root);

            Assert.IsType(expected, provider.GetRequiredService<IFileStore>());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Registering_twice_keeps_one_store_and_relative_directories_are_under_the_content_root()
    {
        var root = Directory.CreateTempSubdirectory("orleans-chat-registration-").FullName;
        try
        {
            var configuration = Configuration(new() { ["Files:Directory"] = "uploads/here" });
            var services = new ServiceCollection().AddChatFileStore(configuration, root).AddChatFileStore(configuration, "/elsewhere");
            using var provider = services.BuildServiceProvider();

            Assert.Single(services, service => service.ServiceType == typeof(IFileStore));
            Assert.Single(services, service => service.ImplementationType == typeof(DiskUploadSweeper));
            Assert.Equal(Path.Combine(root, "uploads", "here"), Assert.IsType<DiskFileStore>(provider.GetRequiredService<IFileStore>()).Root);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Invalid_files_options_are_refused_naming_the_key()
    {
        using var provider = Build(new() { ["Files:ChunkBytes"] = "100" }, Path.GetTempPath());

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FilesOptions>>().Value);
        Assert.Contains("Files:ChunkBytes", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, string root) =>
        new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new HostingEnvironment { ContentRootPath = root })
            .AddChatFileStore(Configuration(settings))
            .BuildServiceProvider();

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
