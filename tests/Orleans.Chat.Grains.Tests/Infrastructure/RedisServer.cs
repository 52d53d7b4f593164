using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Orleans.Chat.Hosting;
using Orleans.Chat.Hosting.Files;
using Orleans.Chat.Testing.Network;
using StackExchange.Redis;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>A real redis-server on a free loopback port, without persistence, for the tests of one class.</summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public IConfiguration Configuration => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [RedisConnection.ConnectionStringKey] = $"127.0.0.1:{Port}" })
        .Build();

    public FileStoreRedis Connect() => new(Configuration);

    public async Task InitializeAsync()
    {
        var info = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},connectTimeout=500");
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }
}
