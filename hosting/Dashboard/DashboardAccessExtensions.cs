using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Orleans.Chat.Hosting;

public static class DashboardAccessExtensions
{
    /// <summary>
    /// Puts <see cref="DashboardAccessMiddleware"/> in front of every endpoint the dashboard
    /// mapped (its pages, its API and its live trace), whatever their routes.
    /// </summary>
    public static IApplicationBuilder GuardDashboard(this IApplicationBuilder app, IEndpointConventionBuilder dashboardEndpoints, ChatDashboard dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboardEndpoints);
        dashboardEndpoints.WithMetadata(DashboardEndpointMetadata.Instance);
        return app.UseMiddleware<DashboardAccessMiddleware>(dashboard);
    }
}
