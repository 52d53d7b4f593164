using Orleans.Chat.Bench.SignalR;

// dotnet Orleans.Chat.Bench.SignalR.dll --urls http://127.0.0.1:5000
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<ChatRooms>();
builder.Services.AddSingleton<ChatConversations>();
builder.Services.AddSingleton<Microsoft.AspNetCore.SignalR.IUserIdProvider, TokenUserIdProvider>();
builder.Services.AddSignalR(options => options.MaximumReceiveMessageSize = 65536);

var app = builder.Build();
app.UseWebSockets();
app.MapGet("/health", () => "ok");
app.MapHub<ChatHub>("/chat");
await app.RunAsync();
