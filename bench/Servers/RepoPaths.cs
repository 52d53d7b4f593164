namespace Orleans.Chat.Bench.Servers;

/// <summary>Where things are in the repository.</summary>
public sealed class RepoPaths(string root)
{
    public string Root { get; } = root;
    public string Bench => Path.Combine(Root, "bench");
    public string GatewayProject => Path.Combine(Root, "gateway", "Orleans.Chat.Gateway.csproj");
    public string GatewayOutput => Path.Combine(Root, "gateway", "bin", "Release", "net10.0");
    public string GatewayDll => Path.Combine(GatewayOutput, "Orleans.Chat.Gateway.dll");
    public string SiloProject => Path.Combine(Root, "silo", "Orleans.Chat.Silo.csproj");
    public string SiloOutput => Path.Combine(Root, "silo", "bin", "Release", "net10.0");
    public string SiloDll => Path.Combine(SiloOutput, "Orleans.Chat.Silo.dll");
    public string SignalRProject => Path.Combine(Bench, "baselines", "signalr", "Orleans.Chat.Bench.SignalR.csproj");
    public string SignalROutput => Path.Combine(Bench, "baselines", "signalr", "bin", "Release", "net10.0");
    public string SignalRDll => Path.Combine(SignalROutput, "Orleans.Chat.Bench.SignalR.dll");
    public string KestrelWsProject => Path.Combine(Bench, "baselines", "kestrel-ws", "Orleans.Chat.Bench.KestrelWs.csproj");
    public string KestrelWsOutput => Path.Combine(Bench, "baselines", "kestrel-ws", "bin", "Release", "net10.0");
    public string KestrelWsDll => Path.Combine(KestrelWsOutput, "Orleans.Chat.Bench.KestrelWs.dll");
    public string SocketIoNode => Path.Combine(Bench, "baselines", "socketio-node");
    public string Results => Path.Combine(Bench, "results");
    public string Logs => Path.Combine(Results, "tmp");

    /// <summary>The directory holding Orleans.Chat.sln, searched upwards from the working directory, then from the harness.</summary>
    public static RepoPaths Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Orleans.Chat.sln")))
                {
                    return new RepoPaths(dir.FullName);
                }
            }
        }

        throw new InvalidOperationException("Orleans.Chat.sln not found above the working directory: run from the repository.");
    }
}
