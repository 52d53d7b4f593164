using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Orleans.Chat.Model;

namespace Orleans.Chat.Backend;

/// <summary>
/// The gateway's input rules (gateway/Commands and gateway/Api), applied before a grain call: ids
/// by <see cref="IdentityText"/>, non-blank content within MaxContentLength, types and client
/// message ids within their lengths, event names by the configured pattern, event data as valid
/// JSON within MaxRoomEventBytes. Every refusal throws <see cref="ChatInputException"/>.
/// </summary>
public sealed class ChatInputRules(IOptions<ChatBackendOptions> options)
{
    /// <summary>MessageCommands.MaxTypeLength of the gateway.</summary>
    public const int MaxTypeLength = 32;

    /// <summary>Client message ids: as long as an id (PayloadReader.MaxIdLength).</summary>
    public const int MaxClientMsgIdLength = IdentityText.MaxIdLength;

    // A configured pattern may backtrack badly on some input: bound what one call can cost (as the gateway does).
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly ChatBackendOptions _options = options.Value;
    private readonly Regex _eventName = new(options.Value.RoomEventPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, MatchTimeout);

    public ChatBackendOptions Options => _options;

    public static string Id(string? value, string paramName) =>
        IdentityText.TryNormalizeId(value, out var id)
            ? id
            : throw new ChatInputException(ChatInputException.InvalidFormat, "Not a valid id: 1-128 characters, no control, format or separator characters.", paramName);

    public string Content(string? value, string paramName = "content")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ChatInputException(ChatInputException.InvalidFormat, "Content is empty.", paramName);
        }

        return value.Length <= _options.MaxContentLength
            ? value
            : throw new ChatInputException(ChatInputException.ContentTooLong, $"Content is longer than {_options.MaxContentLength} characters.", paramName);
    }

    /// <summary>"text" when blank, as the server API does.</summary>
    public static string Type(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "text"
        : value.Length <= MaxTypeLength ? value
        : throw new ChatInputException(ChatInputException.InvalidFormat, $"A message type is at most {MaxTypeLength} characters.", "type");

    /// <summary>Null when empty (no dedupe), as the gateway does.</summary>
    public static string? ClientMsgId(string? value) =>
        string.IsNullOrEmpty(value) ? null
        : value.Length <= MaxClientMsgIdLength ? value
        : throw new ChatInputException(ChatInputException.InvalidFormat, $"A client message id is at most {MaxClientMsgIdLength} characters.", "clientMsgId");

    public string EventName(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            try
            {
                // The whole name must match: "$" alone also matches before a final "\n".
                var match = _eventName.Match(value);
                if (match.Success && match.Index == 0 && match.Length == value.Length)
                {
                    return value;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // Refused below, like a name that does not match.
            }
        }

        throw new ChatInputException(ChatInputException.InvalidFormat, "Not an accepted event name (Gateway:RoomEventPattern).", "eventName");
    }

    /// <summary>The data as JSON text ("null" when none): valid JSON of at most MaxRoomEventBytes bytes.</summary>
    public string EventData(string? json)
    {
        if (json is null)
        {
            return "null";
        }

        // UTF-8 never takes fewer bytes than UTF-16 takes chars: longer input is refused before counting.
        if (json.Length > _options.MaxRoomEventBytes || Encoding.UTF8.GetByteCount(json) > _options.MaxRoomEventBytes)
        {
            throw new ChatInputException(ChatInputException.PayloadTooLarge, $"Event data is larger than {_options.MaxRoomEventBytes} bytes.", "dataJson");
        }

        try
        {
            using var document = JsonDocument.Parse(json);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // ArgumentException: a lone surrogate, which the gateway's UTF-8 reader refuses too.
            throw new ChatInputException(ChatInputException.InvalidFormat, $"Event data is not valid JSON: {ex.Message}", "dataJson");
        }

        return json;
    }

    public UserRef Sender(string? userId, string? userName)
    {
        var id = Id(userId ?? _options.UserId, "senderId");
        return new UserRef { Id = id, Name = IdentityText.CleanName(userName ?? (userId is null ? _options.UserName : null), id) };
    }
}
