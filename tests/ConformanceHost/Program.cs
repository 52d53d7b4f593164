using System.Globalization;
using Orleans.Chat.ConformanceHost;

// Usage: ConformanceHost --mode engineio|socketio [--port 3000]
var mode = ConformanceMode.SocketIo;
var port = 3000;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--mode":
            mode = args[i + 1].ToLowerInvariant() switch
            {
                "engineio" or "engine.io" => ConformanceMode.EngineIo,
                "socketio" or "socket.io" => ConformanceMode.SocketIo,
                var other => throw new ArgumentException($"Unknown mode '{other}': use engineio or socketio."),
            };
            break;
        case "--port":
            port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
    }
}

var app = ConformanceServer.Build(mode, port);
await app.RunAsync();
