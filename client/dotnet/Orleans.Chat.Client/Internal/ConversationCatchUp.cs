namespace Orleans.Chat.Client.Internal;

/// <summary>A conversation to fetch from history after <see cref="AfterSeq"/>, the last seq given to the app.</summary>
internal readonly record struct ConversationCatchUp(string ConversationId, string WithUserId, long AfterSeq);
