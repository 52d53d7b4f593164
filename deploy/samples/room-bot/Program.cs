using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Chat.Backend;
using Orleans.Chat.Hosting;
using Orleans.Chat.Samples.RoomBot;

// A backend service next to the chat cluster: an Orleans client that joins through Redis.
// Settings next to the dll, wherever it is started from (dotnet path/to/Orleans.Chat.Samples.RoomBot.dll).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleansChatBackend();
builder.Services.AddValidatedOptions<RoomBotOptions, RoomBotOptionsValidator>(builder.Configuration, RoomBotOptions.SectionName);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<BotReplies>();
builder.Services.AddHostedService<RoomBot>();
await builder.Build().RunAsync();
