using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Hosting;

/// <summary>Operator credentials of the Orleans Dashboard (Orleans:DashboardUsername and Orleans:DashboardPassword).</summary>
public sealed class DashboardCredentials : IValidatableObject
{
    public const string SectionName = ChatClusterOptions.SectionName;

    public string? DashboardUsername { get; set; }

    public string? DashboardPassword { get; set; }

    public bool IsSet => !string.IsNullOrEmpty(DashboardPassword);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(DashboardUsername) != string.IsNullOrEmpty(DashboardPassword))
        {
            yield return new ValidationResult($"Set both {ChatDashboard.UsernameKey} and {ChatDashboard.PasswordKey}, or neither.");
        }
    }
}

[OptionsValidator]
internal sealed partial class DashboardCredentialsValidator : IValidateOptions<DashboardCredentials>;
