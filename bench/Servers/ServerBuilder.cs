using System.Diagnostics;

namespace Orleans.Chat.Bench.Servers;

/// <summary>Builds the target servers before a run (Release), and installs the Node baseline's packages.</summary>
public static class ServerBuilder
{
    private const int Attempts = 3;

    public static async Task PrepareAsync(IEnumerable<TargetDefinition> targets, RepoPaths paths, bool build)
    {
        foreach (var kind in targets.Select(t => t.Server).Distinct())
        {
            switch (kind)
            {
                case ServerKind.Gateway:
                    await BuildAsync(paths, paths.GatewayProject, paths.GatewayDll, build);
                    break;
                case ServerKind.Cluster:
                    await BuildAsync(paths, paths.GatewayProject, paths.GatewayDll, build);
                    await BuildAsync(paths, paths.SiloProject, paths.SiloDll, build);
                    break;
                case ServerKind.SignalR:
                    await BuildAsync(paths, paths.SignalRProject, paths.SignalRDll, build);
                    break;
                case ServerKind.KestrelWs:
                    await BuildAsync(paths, paths.KestrelWsProject, paths.KestrelWsDll, build);
                    break;
                case ServerKind.SocketIoNode:
                    if (!Directory.Exists(Path.Combine(paths.SocketIoNode, "node_modules", "socket.io")))
                    {
                        Console.WriteLine("npm ci in bench/baselines/socketio-node");
                        if (await RunAsync("npm", paths.SocketIoNode, "ci", "--no-audit", "--no-fund") != 0)
                        {
                            throw new InvalidOperationException("npm ci failed in bench/baselines/socketio-node");
                        }
                    }

                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Builds a project in Release, retrying (concurrent builds may hold file locks).</summary>
    private static async Task BuildAsync(RepoPaths paths, string project, string output, bool build)
    {
        if (build)
        {
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                Console.WriteLine($"dotnet build -c Release {Path.GetRelativePath(paths.Root, project)} (attempt {attempt})");
                if (await RunAsync("dotnet", paths.Root, "build", "-c", "Release", "-nologo", "-v", "q", "-clp:ErrorsOnly", project) == 0)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(5 * attempt));
            }

            if (!File.Exists(output))
            {
                throw new InvalidOperationException($"building {project} failed and there is no earlier build");
            }

            Console.WriteLine($"WARNING: building {Path.GetFileName(project)} failed; using the existing {Path.GetRelativePath(paths.Root, output)}");
        }
        else if (!File.Exists(output))
        {
            throw new InvalidOperationException($"{output} is missing: build it (dotnet build -c Release Orleans.Chat.sln) or run without --no-build");
        }
    }

    public static async Task<int> RunAsync(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    /// <summary>The first line a program prints, or null.</summary>
    public static async Task<string?> OutputOfAsync(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output.Split('\n')[0].Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
