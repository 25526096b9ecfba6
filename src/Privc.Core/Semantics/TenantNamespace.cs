using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Privc.Semantics;

/// <summary>
/// The Kubernetes namespace a service runs in when its declaration names none: one namespace per tenant
/// (specs/kubernetes.md, "Namespaces"). Tenants are the unit the language isolates (dedicate, separate from tenant),
/// so giving each its own namespace keeps tenants' objects apart and leaves the `default` namespace to the services
/// of the default tenant only.
/// </summary>
public static partial class TenantNamespace
{
    /// <summary>
    /// The tenant itself when it is a valid namespace name (a DNS-1123 label), else <c>tenant-</c> and 16 hex digits
    /// of its SHA-256: tenant names are free text, and a lossy rewrite (lower-casing, replacing characters) could
    /// map two tenants to one namespace.
    /// </summary>
    public static string For(string tenant)
    {
        if (DnsLabel().IsMatch(tenant))
        {
            return tenant;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(tenant));
        return "tenant-" + Convert.ToHexStringLower(hash)[..16];
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
