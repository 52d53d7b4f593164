using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.SocketIo.EngineIo;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;
using SharpFuzz;

// One parser per run: native | engineio | socketio | jwt. The documented outcomes (null, false, a
// failure result) return normally; anything thrown crashes the run, which the fuzzer reports with its input.
var target = args.FirstOrDefault() ?? "native";
var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
var auth = Microsoft.Extensions.Options.Options.Create(new AuthOptions { SigningKey = signingKey });
var tokens = new ChatTokenValidator(new SigningKeyProvider(auth, new HostingEnvironment { EnvironmentName = Environments.Production }), auth);

ReadOnlySpanAction parse = target switch
{
    "native" => bytes =>
    {
        NativeClientFrame.TryParse(bytes.ToArray(), out _)?.Dispose();
    },
    "engineio" => bytes => EngineIoPacketParser.TryParsePayload(bytes.ToArray(), []),
    "socketio" => bytes =>
    {
        if (SocketIoPacketParser.TryParse(bytes, 10, out var packet))
        {
            using (packet)
            {
                BinaryPacketAssembler.PlaceholdersAreValid(packet!);
            }
        }
    },
    "jwt" => bytes => tokens.Validate(Encoding.UTF8.GetString(bytes)),
    _ => throw new ArgumentException($"unknown target '{target}': native, engineio, socketio or jwt"),
};

if (args.Contains("--afl"))
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        parse(buffer.ToArray());
    });
}
else
{
    Fuzzer.LibFuzzer.Run(parse);
}
