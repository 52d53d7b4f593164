using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Hosting;

/// <summary>
/// Runs a generated validator and says its attribute failures in terms of configuration: the
/// generator's "ConnectionsPerUser: The field LimitsOptions.ConnectionsPerUser must be between 1 and
/// 100000." becomes "Limits:ConnectionsPerUser must be between 1 and 100000 (was 0)." Failures from
/// IValidatableObject, written with their keys already, pass through.
/// </summary>
public sealed partial class SectionValidator<TOptions>(string section, IValidateOptions<TOptions> inner) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = inner.Validate(name, options);
        return result.Failed
            ? ValidateOptionsResult.Fail(result.Failures.Select(failure => Rewrite(failure, options)))
            : result;
    }

    private string Rewrite(string failure, TOptions options)
    {
        var match = AttributeFailure().Match(failure);
        if (!match.Success)
        {
            return failure;
        }

        var member = match.Groups["member"].Value;
        var key = $"{section}:{member}";
        if (match.Groups["required"].Success)
        {
            return $"{key} is required.";
        }

        var value = typeof(TOptions).GetProperty(member)?.GetValue(options);
        var was = value is null ? "unset" : Convert.ToString(value, CultureInfo.InvariantCulture);
        return $"{key} {match.Groups["rule"].Value} (was {was}).";
    }

    // "Member: The field Type.Member must ...." or "Member: The Type.Member field is required."
    [GeneratedRegex(@"^(?<member>\w+): The (?:field \S+ (?<rule>.+?)|\S+ field is (?<required>required))\.?$", RegexOptions.Singleline)]
    private static partial Regex AttributeFailure();
}
