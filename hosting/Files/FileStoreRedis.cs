using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace Orleans.Chat.Hosting.Files;

/// <summary>
/// The file store's Redis connection (Redis:ConnectionString, with the fail-fast settings of
/// <see cref="RedisConnection"/>): one multiplexer per process, shared by the co-hosted silo and gateway,
/// opened on first use. Orleans' own Redis providers keep theirs to themselves.
/// </summary>
public sealed class FileStoreRedis(IConfiguration configuration) : IAsyncDisposable, IDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(RedisConnection.Options(configuration)));

    public async ValueTask<IDatabase> DatabaseAsync() => (await _connection.Value).GetDatabase();

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.GetAwaiter().GetResult().Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await (await _connection.Value).DisposeAsync();
        }
    }
}
