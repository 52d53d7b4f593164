using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>
/// A private CA and a node certificate it issued, written as the files Orleans:Tls reads (a .pfx
/// with the node's key, a .crt of the CA), in a temporary folder deleted on dispose.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public const string Password = "test-pfx-password";

    private readonly string _folder = Directory.CreateTempSubdirectory("orleans-chat-tls-").FullName;

    public TestCertificates(string name)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={name} test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        using var nodeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var nodeRequest = new CertificateRequest($"CN={name} node", nodeKey, HashAlgorithmName.SHA256);
        nodeRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        nodeRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        nodeRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], critical: false));
        nodeRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var issued = nodeRequest.Create(ca, now.AddHours(-1), now.AddHours(12), RandomNumberGenerator.GetBytes(8));
        using var node = issued.CopyWithPrivateKey(nodeKey);

        NodePfxPath = Path.Combine(_folder, "node.pfx");
        CaPath = Path.Combine(_folder, "ca.crt");
        File.WriteAllBytes(NodePfxPath, node.Export(X509ContentType.Pfx, Password));
        File.WriteAllText(CaPath, ca.ExportCertificatePem());
    }

    public string NodePfxPath { get; }
    public string CaPath { get; }

    /// <summary>The Orleans:Tls settings of a node holding this certificate and trusting this CA.</summary>
    public Dictionary<string, string> Settings() => new()
    {
        ["Orleans:Tls:CertificatePath"] = NodePfxPath,
        ["Orleans:Tls:CertificatePassword"] = Password,
        ["Orleans:Tls:TrustedCertificatePath"] = CaPath,
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
