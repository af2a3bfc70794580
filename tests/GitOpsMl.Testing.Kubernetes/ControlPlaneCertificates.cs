using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitOpsMl.Testing.Kubernetes;

/// <summary>
/// A throwaway CA, a serving certificate for 127.0.0.1/localhost signed by it, and a
/// service-account signing key, written as PEM files (ECDSA P-256: fast to generate, accepted
/// by kube-apiserver for TLS and for service-account tokens). No openssl needed.
/// </summary>
public sealed record ControlPlaneCertificates(string CaCertFile, string ServingCertFile, string ServingKeyFile,
    string ServiceAccountKeyFile, string ServiceAccountPublicKeyFile, string CaCertPem)
{
    public static ControlPlaneCertificates Write(string directory)
    {
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore.AddDays(2);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=gitopsml-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var servingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var servingRequest = new CertificateRequest("CN=kube-apiserver", servingKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        servingRequest.CertificateExtensions.Add(names.Build());
        servingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        servingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        servingRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var serving = servingRequest.Create(ca, notBefore, notAfter.AddMinutes(-1), RandomNumberGenerator.GetBytes(16));

        using var serviceAccountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var files = new ControlPlaneCertificates(
            Path.Combine(directory, "ca.crt"), Path.Combine(directory, "serving.crt"), Path.Combine(directory, "serving.key"),
            Path.Combine(directory, "sa.key"), Path.Combine(directory, "sa.pub"), ca.ExportCertificatePem());
        File.WriteAllText(files.CaCertFile, files.CaCertPem);
        File.WriteAllText(files.ServingCertFile, serving.ExportCertificatePem());
        File.WriteAllText(files.ServingKeyFile, servingKey.ExportECPrivateKeyPem());
        File.WriteAllText(files.ServiceAccountKeyFile, serviceAccountKey.ExportECPrivateKeyPem());
        File.WriteAllText(files.ServiceAccountPublicKeyFile, serviceAccountKey.ExportSubjectPublicKeyInfoPem());
        return files;
    }
}
