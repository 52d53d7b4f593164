using Orleans.Chat.Gateway.Hosting;
using Orleans.Chat.Hosting;

// A refused configuration ends the process with one line on stderr and exit code 1.
return await ConfigurationError.RunAsync(() => ChatGatewayHost.Build(args).RunAsync(), Console.Error);
