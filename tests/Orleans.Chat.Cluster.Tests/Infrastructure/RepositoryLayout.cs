namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>Where the silo and gateway builds are, found from this test assembly's location.</summary>
public static class RepositoryLayout
{
    private const string SolutionFile = "Orleans.Chat.sln";

    private static readonly Lazy<(string Root, string Configuration)> Located = new(Locate);

    /// <summary>The folder that holds Orleans.Chat.sln.</summary>
    public static string Root => Located.Value.Root;

    /// <summary>Debug or Release: the configuration this test assembly was built in (and so were the referenced projects).</summary>
    public static string Configuration => Located.Value.Configuration;

    public static string SiloDll => Output("silo", "Orleans.Chat.Silo.dll");

    public static string GatewayDll => Output("gateway", "Orleans.Chat.Gateway.dll");

    /// <summary>The sample backend service (deploy/samples/room-bot), an Orleans client of its own.</summary>
    public static string RoomBotDll => Output(Path.Combine("deploy", "samples", "room-bot"), "Orleans.Chat.Samples.RoomBot.dll");

    private static string Output(string project, string dll)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: build the solution in {Configuration} first (the test project references it, so dotnet test builds it).", path);
    }

    private static (string Root, string Configuration) Locate()
    {
        // .../tests/Orleans.Chat.Cluster.Tests/bin/<Configuration>/net10.0/Orleans.Chat.Cluster.Tests.dll
        var assemblyDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = assemblyDirectory.Parent?.Name
            ?? throw new InvalidOperationException($"Cannot tell the build configuration from {assemblyDirectory.FullName}.");

        for (var directory = assemblyDirectory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return (directory.FullName, configuration);
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {assemblyDirectory.FullName}.");
    }
}
