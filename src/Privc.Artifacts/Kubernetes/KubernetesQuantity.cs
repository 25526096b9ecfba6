using System.Globalization;

namespace Privc.Artifacts.Kubernetes;

/// <summary>CPU and memory amounts written as Kubernetes quantities, in the largest unit that keeps them exact.</summary>
internal static class KubernetesQuantity
{
    public static string Cpu(long millis) =>
        millis % 1000 == 0 ? (millis / 1000).ToString(CultureInfo.InvariantCulture) : millis.ToString(CultureInfo.InvariantCulture) + "m";

    public static string Memory(long bytes)
    {
        if (bytes == 0)
        {
            return "0";
        }
        foreach (var (suffix, size) in new[] { ("Gi", 1L << 30), ("Mi", 1L << 20), ("Ki", 1L << 10) })
        {
            if (bytes % size == 0)
            {
                return (bytes / size).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }
        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}
