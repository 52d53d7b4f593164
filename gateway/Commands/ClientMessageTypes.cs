using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Commands;

/// <summary>
/// The message types a client may send: "text" and the app's own Limits:CustomMessageTypes. Types
/// the server makes ("system" for server API posts, "file" for uploads, "call" for call records) are never a client's to claim.
/// </summary>
public sealed class ClientMessageTypes
{
    public const string Text = "text";

    /// <summary>Types only the server produces.</summary>
    public static readonly IReadOnlySet<string> ServerOnly = new HashSet<string>(StringComparer.Ordinal) { "system", "file", "call" };

    private readonly HashSet<string> _allowed;

    public ClientMessageTypes(IOptions<LimitsOptions> limits) =>
        _allowed = new HashSet<string>([Text, .. limits.Value.CustomMessageTypes], StringComparer.Ordinal);

    /// <summary>The type to store for a client's type field: text when absent, null when not allowed.</summary>
    public string? Resolve(string? requested) =>
        string.IsNullOrEmpty(requested) ? Text : _allowed.Contains(requested) ? requested : null;
}

/// <summary>Refuses at start a custom type that is empty, too long or one the server reserves.</summary>
public sealed class CustomMessageTypesValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var bad = options.CustomMessageTypes
            .Where(type => string.IsNullOrWhiteSpace(type) || type.Length > MessageCommands.MaxTypeLength || ClientMessageTypes.ServerOnly.Contains(type))
            .ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Limits:CustomMessageTypes may not contain '{string.Join("', '", bad)}': types are 1-{MessageCommands.MaxTypeLength} characters and 'system', 'file' and 'call' are the server's.");
    }
}
