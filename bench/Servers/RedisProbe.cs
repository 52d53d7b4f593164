using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Chat.Bench.Servers;

/// <summary>
/// Reads a redis-server's command counters (INFO commandstats) over a short-lived RESP
/// connection, to count the Redis operations a scenario caused.
/// </summary>
public sealed class RedisProbe(int port)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public int Port { get; } = port;

    /// <summary>Calls per command since the server started, without the INFO calls of this probe.</summary>
    public Dictionary<string, long> CommandCalls()
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in Command("INFO", "commandstats").Split('\n'))
        {
            // cmdstat_evalsha:calls=12,usec=...
            var colon = line.IndexOf(":calls=", StringComparison.Ordinal);
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal) || colon < 0)
            {
                continue;
            }

            var name = line[8..colon];
            var value = line[(colon + 7)..].Split(',')[0];
            if (name != "info" && long.TryParse(value, CultureInfo.InvariantCulture, out var count))
            {
                calls[name] = count;
            }
        }

        return calls;
    }

    public async Task WaitReadyAsync(TargetServer redis, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (Command("PING") == "PONG")
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                // Not listening yet.
            }

            if (redis.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not answer PING on port {Port}:\n{redis.LogTail()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>One command; returns a simple or bulk string reply's text.</summary>
    private string Command(params string[] parts)
    {
        using var client = new TcpClient { ReceiveTimeout = (int)Timeout.TotalMilliseconds, SendTimeout = (int)Timeout.TotalMilliseconds };
        client.Connect(new IPEndPoint(IPAddress.Loopback, Port));
        using var stream = client.GetStream();
        var request = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        stream.Write(Encoding.UTF8.GetBytes(request.ToString()));
        using var reply = new MemoryStream();
        var buffer = new byte[16384];
        while (true)
        {
            var read = stream.Read(buffer);
            if (read == 0)
            {
                throw new IOException("redis closed the connection");
            }

            reply.Write(buffer, 0, read);
            if (Complete(reply.GetBuffer().AsSpan(0, (int)reply.Length)) is { } text)
            {
                return text;
            }
        }
    }

    /// <summary>The reply's text once it has all arrived, else null.</summary>
    private static string? Complete(ReadOnlySpan<byte> reply)
    {
        var lineEnd = reply.IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            return null;
        }

        var head = Encoding.ASCII.GetString(reply[1..lineEnd]);
        switch (reply[0])
        {
            case (byte)'+':
                return head;
            case (byte)'$':
                var length = int.Parse(head, CultureInfo.InvariantCulture);
                return reply.Length >= lineEnd + 2 + length + 2 ? Encoding.UTF8.GetString(reply.Slice(lineEnd + 2, length)) : null;
            default:
                throw new IOException($"redis answered {(char)reply[0]}{head}");
        }
    }
}
