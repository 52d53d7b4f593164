using Orleans.Chat.Gateway.Hosting;

var app = ChatGatewayHost.Build(args);
await app.RunAsync();
