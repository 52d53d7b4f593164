using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Chat.Testing.Gateway;

/// <summary>Counts the real calls that reach one grain method on the gateway's co-hosted silo.</summary>
public sealed class GrainCallCounter(MethodInfo method) : IIncomingGrainCallFilter
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Registers the counter on the gateway's silo (pass to GatewayServer.StartAsync's configure).</summary>
    public void Register(WebApplicationBuilder builder) => builder.Services.AddSingleton<IIncomingGrainCallFilter>(this);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod == method)
        {
            Interlocked.Increment(ref _calls);
        }

        return context.Invoke();
    }
}
