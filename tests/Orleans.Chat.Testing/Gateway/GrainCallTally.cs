using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Chat.Testing.Gateway;

/// <summary>Counts every real call that reaches a grain on the gateway's co-hosted silo, by interface and method.</summary>
public sealed class GrainCallTally : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    /// <summary>Registers the tally on the gateway's silo (pass to GatewayServer.StartAsync's configure).</summary>
    public void Register(WebApplicationBuilder builder) => builder.Services.AddSingleton<IIncomingGrainCallFilter>(this);

    /// <summary>The counts so far ("IUserGrain.OpenSession" to calls), and starts counting from zero.</summary>
    public IReadOnlyDictionary<string, int> TakeCounts()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in _calls.Keys)
        {
            if (_calls.TryRemove(key, out var calls))
            {
                counts[key] = calls;
            }
        }

        return counts;
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod is { } method)
        {
            _calls.AddOrUpdate($"{method.DeclaringType?.Name}.{method.Name}", 1, static (_, calls) => calls + 1);
        }

        return context.Invoke();
    }
}
