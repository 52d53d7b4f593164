using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Chat.Gateway.Commands.Requests;

/// <summary>
/// Reads a client payload into its request record. The message events (message, private-message,
/// typing) stay on <see cref="PayloadReader"/>: they are the hot path, and reading their few fields
/// in place allocates nothing a record would not.
/// </summary>
internal static class RequestReader
{
    /// <summary>
    /// The payload as <typeparamref name="T"/>; false when it is not a JSON object, or a field has the
    /// wrong kind (a number for a string, "12" or 1.5 for an integer), or a string is no valid UTF-16
    /// (a lone surrogate such as "\ud800"). All of those are the client's invalid_format.
    /// </summary>
    public static bool TryRead<T>(JsonElement data, JsonTypeInfo<T> type, [NotNullWhen(true)] out T? request) where T : class
    {
        request = null;
        if (data.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        try
        {
            request = data.Deserialize(type);
            return request is not null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>An optional count or seq: absent, or a non-negative number.</summary>
    public static bool IsOptionalNonNegative(long? value) => value is null or >= 0;
}
