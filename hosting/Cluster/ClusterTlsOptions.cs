using System.ComponentModel.DataAnnotations;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;

namespace Orleans.Chat.Hosting;

/// <summary>
/// TLS between silos and from gateways (Orleans clients) to silos (section "Orleans:Tls"). Off
/// unless a certificate is configured; then every Orleans connection is mutual TLS: each side
/// presents its certificate and checks the other's.
/// </summary>
public sealed class ClusterTlsOptions : IValidatableObject
{
    public const string SectionName = "Orleans:Tls";

    /// <summary>This process's certificate with its private key: a PKCS#12 (.pfx) file.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Or: the thumbprint of a certificate with its private key in the "My" store of <see cref="CertificateStoreLocation"/>.</summary>
    public string? CertificateThumbprint { get; set; }

    public StoreLocation CertificateStoreLocation { get; set; } = StoreLocation.CurrentUser;

    /// <summary>
    /// The CA (or the one self-signed certificate every node shares) that peers' certificates must
    /// chain to, as a .crt/.pem/.cer file. Unset: the system's trusted roots. Either way host names
    /// are not checked: nodes reach each other at the IP addresses of the membership table.
    /// </summary>
    public string? TrustedCertificatePath { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(CertificatePath) || !string.IsNullOrEmpty(CertificateThumbprint);

    /// <summary>Reads and checks the section now (it shapes the host as it is built); throws naming the offending keys.</summary>
    public static ClusterTlsOptions From(IConfiguration configuration) =>
        ValidatedOptions.Read<ClusterTlsOptions, ClusterTlsOptionsValidator>(configuration, SectionName);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(CertificatePath) && !string.IsNullOrEmpty(CertificateThumbprint))
        {
            yield return new ValidationResult($"Set {SectionName}:CertificatePath or {SectionName}:CertificateThumbprint, not both.");
        }

        if (!Enabled && !string.IsNullOrEmpty(TrustedCertificatePath))
        {
            yield return new ValidationResult($"{SectionName}:TrustedCertificatePath needs a certificate of this process too ({SectionName}:CertificatePath or CertificateThumbprint).");
        }
    }

    /// <summary>Sets <paramref name="tls"/> for mutual TLS with this process's certificate.</summary>
    public void Apply(TlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        tls.LocalCertificate = LoadCertificate();
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        var trusted = string.IsNullOrEmpty(TrustedCertificatePath) ? null : X509CertificateLoader.LoadCertificateFromFile(TrustedCertificatePath);
        tls.RemoteCertificateValidation = (certificate, _, errors) => IsTrusted(certificate, errors, trusted);
    }

    private X509Certificate2 LoadCertificate()
    {
        if (!string.IsNullOrEmpty(CertificatePath))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);
        }

        using var store = new X509Store(StoreName.My, CertificateStoreLocation);
        store.Open(OpenFlags.ReadOnly);
        var found = store.Certificates.Find(X509FindType.FindByThumbprint, CertificateThumbprint!, validOnly: false);
        return found.FirstOrDefault(certificate => certificate.HasPrivateKey)
            ?? throw new InvalidOperationException($"{SectionName}:CertificateThumbprint: no certificate with a private key in {CertificateStoreLocation}/My has that thumbprint.");
    }

    private static bool IsTrusted(X509Certificate2 certificate, SslPolicyErrors errors, X509Certificate2? trusted)
    {
        if (trusted is null)
        {
            return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}

[OptionsValidator]
internal sealed partial class ClusterTlsOptionsValidator : IValidateOptions<ClusterTlsOptions>;
