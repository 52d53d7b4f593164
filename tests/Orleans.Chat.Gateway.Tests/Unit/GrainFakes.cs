using System.Reflection;
using System.Text;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>
/// A grain (or grain factory) whose calls go to a handler by method name with their arguments:
/// the fakes answer only the calls the unit under test makes, whatever else the interface has.
/// </summary>
public class CallHandlerProxy : DispatchProxy
{
    private Func<string, object?[], object?> _handler = null!;

    public static T Create<T>(Func<string, object?[], object?> handler)
        where T : class
    {
        var proxy = DispatchProxy.Create<T, CallHandlerProxy>();
        ((CallHandlerProxy)(object)proxy)._handler = handler;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => _handler(targetMethod!.Name, args ?? []);
}

/// <summary>A grain factory that hands out one room and uses observers as their own references.</summary>
internal static class FakeGrainFactory
{
    public static IGrainFactory For(IRoomGrain room) => CallHandlerProxy.Create<IGrainFactory>((method, args) => method switch
    {
        "GetGrain" => room,
        "CreateObjectReference" => args[0],
        "DeleteObjectReference" => null,
        _ => throw new NotSupportedException(method),
    });
}

/// <summary>A session whose frames are kept as text, already past its connected event.</summary>
internal sealed class RecordingSession : ISessionConnection
{
    private readonly List<string> _frames = [];

    public RecordingSession(string userId)
    {
        Session = new ChatSession("session-" + userId, new ChatUser(userId, userId), this);
        Session.EnqueueConnected(new OutboundEvent(ServerEventNames.Pong, new PongEvent(1), ChatJsonContext.Default.PongEvent));
        _frames.Clear();
    }

    public ChatSession Session { get; }

    public IServerEventEncoder Encoder => NativeEventEncoder.Instance;

    /// <summary>The seqs of the new-message frames the session was given, in order.</summary>
    public long[] MessageSeqs => [.. _frames.Where(IsNewMessage).Select(SeqOf)];

    public IReadOnlyList<string> Frames => _frames;

    public bool TrySend(ReadOnlyMemory<byte> frame, TaskCompletionSource? written)
    {
        _frames.Add(Encoding.UTF8.GetString(frame.Span));
        return true;
    }

    public void Complete()
    {
    }

    public void Close(ServerCloseReason reason)
    {
    }

    public void Abort(string reason)
    {
    }

    private static bool IsNewMessage(string frame) => frame.Contains($"\"{ServerEventNames.NewMessage}\"", StringComparison.Ordinal);

    private static long SeqOf(string frame)
    {
        const string Key = "\"seq\":";
        var start = frame.IndexOf(Key, StringComparison.Ordinal) + Key.Length;
        var end = start;
        while (end < frame.Length && char.IsAsciiDigit(frame[end]))
        {
            end++;
        }

        return long.Parse(frame.AsSpan(start, end - start), System.Globalization.CultureInfo.InvariantCulture);
    }
}
