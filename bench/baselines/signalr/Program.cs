using Orleans.Chat.Bench.SignalR;

// dotnet Orleans.Chat.Bench.SignalR.dll --urls http://127.0.0.1:5000
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<ChatRooms>();
builder.Services.AddSingleton<ChatConversations>();
builder.Services.AddSingleton<UserGrains>();
if (UserGrains.Enabled)
{
    UserGrains.AddSilo(builder);
}
builder.Services.AddSingleton<Microsoft.AspNetCore.SignalR.IUserIdProvider, TokenUserIdProvider>();
builder.Services.AddSignalR(options => options.MaximumReceiveMessageSize = 65536);
if (JwtAuthentication.Key is { } jwtKey)
{
    builder.Services.AddBenchJwt(jwtKey);
}

var app = builder.Build();
app.UseWebSockets();
app.MapGet("/health", () => "ok");
var hub = app.MapHub<ChatHub>("/chat");
if (JwtAuthentication.Key is not null)
{
    app.UseAuthentication();
    app.UseAuthorization();
    hub.RequireAuthorization();
}

await app.RunAsync();
