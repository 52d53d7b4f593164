using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Hosting;

public static class DemoPageExtensions
{
    /// <summary>
    /// Serves client/web (the demo chat page) at / and client/js/src (the SDK) at /sdk/, both
    /// copied next to the binaries at build time so a published gateway has them too.
    /// </summary>
    public static WebApplication UseDemoPage(this WebApplication app)
    {
        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.DemoPage || !Directory.Exists(webRoot))
        {
            return app;
        }

        var files = new PhysicalFileProvider(webRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        return app;
    }
}
