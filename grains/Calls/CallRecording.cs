using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// Records a finished call in the two users' conversation: a message of type "call" from the caller,
/// stored and delivered like any message (history, unread, pending-messages). Keyed "call:" + call id,
/// so a repeated recording stores nothing new. Runs after the end signals and never fails the call:
/// a failure is logged and the call stays unrecorded.
/// </summary>
internal static class CallRecording
{
    public const string MessageType = "call";

    public static async Task RecordAsync(IGrainFactory grains, UserRef caller, string calleeId, CallRecord record, ILogger logger)
    {
        try
        {
            var result = await grains.Reference<IConversationGrain>(ConversationIds.For(caller.Id, calleeId)).Send(new SendPrivateMessageRequest
            {
                Sender = caller,
                RecipientId = calleeId,
                Type = MessageType,
                Content = Describe(record),
                Call = record,
                ClientMsgId = "call:" + record.CallId,
            });
            if (result.Error != ChatError.None)
            {
                logger.CallRecordRefused(record.CallId, record.Outcome, result.Error);
            }
        }
        catch (Exception exception)
        {
            logger.CallRecordFailed(record.CallId, record.Outcome, exception);
        }
    }

    /// <summary>
    /// The conversation's check of a send: type "call" exactly when a call record is set, and the record
    /// as a call grain makes it. Anything else is some other sender claiming the type (InvalidFormat).
    /// </summary>
    public static bool IsWellFormed(SendPrivateMessageRequest request)
    {
        if (request.Call is not { } record)
        {
            return request.Type != MessageType;
        }

        return request.Type == MessageType
            && request.Sender.Id != request.RecipientId
            && !string.IsNullOrEmpty(record.CallId)
            && CallPayloads.IsMedia(record.Media)
            && record.Outcome is CallOutcomes.Completed or CallOutcomes.Missed or CallOutcomes.Rejected
            && !string.IsNullOrEmpty(record.Reason)
            && record.DurationMs >= 0;
    }

    /// <summary>The text clients without call rendering show: "Missed video call", "Audio call (2:05)".</summary>
    public static string Describe(CallRecord record)
    {
        var media = record.Media == "video" ? "video call" : "audio call";
        return record.Outcome switch
        {
            CallOutcomes.Completed => $"{char.ToUpperInvariant(media[0])}{media[1..]} ({Duration(record.DurationMs)})",
            CallOutcomes.Rejected => "Declined " + media,
            _ => "Missed " + media,
        };
    }

    private static string Duration(long durationMs)
    {
        var duration = TimeSpan.FromMilliseconds(durationMs);
        return duration.TotalHours >= 1
            ? ((int)duration.TotalHours).ToString(CultureInfo.InvariantCulture) + duration.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture)
            : ((int)duration.TotalMinutes).ToString(CultureInfo.InvariantCulture) + duration.ToString(@"\:ss", CultureInfo.InvariantCulture);
    }
}
