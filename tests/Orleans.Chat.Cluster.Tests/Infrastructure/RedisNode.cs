using System.Net.Sockets;
using System.Text;

namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a loopback port with its own data folder and an append-only file,
/// so that it can be stopped and started again on the same port and data.
/// </summary>
public sealed class RedisNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly string _directory;
    private readonly string _logDirectory;
    private readonly List<NodeProcess> _processes = [];
    private NodeProcess? _process;

    private RedisNode(int port, string directory, string logDirectory)
    {
        Port = port;
        _directory = directory;
        _logDirectory = logDirectory;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string of this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Every redis-server process this node ran, oldest first (their logs are kept).</summary>
    public IReadOnlyList<NodeProcess> Processes => _processes;

    public static async Task<RedisNode> StartAsync(string workDirectory)
    {
        var directory = Directory.CreateDirectory(Path.Combine(workDirectory, "redis-data")).FullName;
        var node = new RedisNode(FreePort.Next(), directory, workDirectory);
        await node.StartAsync();
        return node;
    }

    /// <summary>Starts the server (again) on the same port and data folder; returns when it answers PING.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        var start = _processes.Count + 1;
        _process = NodeProcess.Start(
            $"redis#{start}",
            "redis-server",
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory, "--appendonly", "yes", "--daemonize", "no", "--logfile", ""],
            new Dictionary<string, string>(),
            _directory,
            Path.Combine(_logDirectory, $"redis-{start}.log"));
        _processes.Add(_process);

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await PingAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not start on port {Port}:\n{_process.Tail()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SHUTDOWN SAVE (the append-only file is flushed, a snapshot written) and waits for the process to exit.</summary>
    public async Task ShutdownAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        try
        {
            await CommandAsync("SHUTDOWN", "SAVE");
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // The server closes the connection as it exits: expected.
        }

        if (!await process.StopAsync(TimeSpan.FromSeconds(15)))
        {
            throw new InvalidOperationException($"redis-server did not shut down in time and was killed:\n{process.Tail()}");
        }
    }

    public async Task<bool> PingAsync()
    {
        try
        {
            return await CommandAsync("PING") == "+PONG";
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    /// <summary>Sends one command in RESP and returns the first reply line (null when the server closed the connection).</summary>
    private async Task<string?> CommandAsync(params string[] parts)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
        var stream = client.GetStream();
        var request = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), timeout.Token);
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read).TrimEnd('\r', '\n');
    }
}
