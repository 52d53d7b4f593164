using Orleans.Chat.Bench.KestrelWs;

// dotnet Orleans.Chat.Bench.KestrelWs.dll --urls http://127.0.0.1:5000
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<RoomRegistry>();
builder.Services.AddSingleton<WebSocketChatEndpoint>();

var app = builder.Build();
app.UseWebSockets();
app.MapGet("/health", () => "ok");
app.Map("/ws", (HttpContext context, WebSocketChatEndpoint endpoint) => endpoint.HandleAsync(context));
await app.RunAsync();
