namespace Orleans.Chat.Hosting;

/// <summary>Marks the dashboard's endpoints (pages, API, live trace) for <see cref="DashboardAccessMiddleware"/>.</summary>
public sealed class DashboardEndpointMetadata
{
    public static readonly DashboardEndpointMetadata Instance = new();

    private DashboardEndpointMetadata()
    {
    }
}
