using k8s;
using k8s.Exceptions;
using Privc.Diagnostics;

namespace Privc.Live;

/// <summary>A Kubernetes client built from a kubeconfig, and the API server it talks to (for diagnostics).</summary>
public sealed record KubernetesTarget(IKubernetes Client, string Server) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

/// <summary>
/// Builds KubernetesClient's <see cref="k8s.Kubernetes"/> from a kubeconfig as kubectl finds it: the file given,
/// else the first file of <c>KUBECONFIG</c>, else <c>~/.kube/config</c>; the context given, else the current one.
/// </summary>
public static class KubernetesConnection
{
    public static Result<KubernetesTarget> Connect(string? kubeconfig, string? context, Func<string, string?> environment, TimeSpan timeout)
    {
        var path = kubeconfig
            ?? environment("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? (environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".kube", "config") : null);
        if (path is null || !File.Exists(path))
        {
            return Result<KubernetesTarget>.Fail(LiveDiagnostics.KubeconfigInvalid(path,
                path is null ? "no kubeconfig: give --kubeconfig, or set KUBECONFIG" : "the kubeconfig does not exist; give --kubeconfig, or set KUBECONFIG"));
        }
        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, currentContext: context);
            if (!Uri.TryCreate(config.Host, UriKind.Absolute, out var host) || host.Scheme is not ("http" or "https"))
            {
                return Result<KubernetesTarget>.Fail(LiveDiagnostics.KubeconfigInvalid(path, $"the cluster's server '{config.Host}' is not an http(s) URL"));
            }
            config.HttpClientTimeout = timeout;
            return Result<KubernetesTarget>.Ok(new KubernetesTarget(new Kubernetes(config), $"{host.Scheme}://{host.Authority}"));
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or FormatException or ArgumentException or InvalidOperationException)
        {
            var problem = e.Message.TrimEnd('.');
            return Result<KubernetesTarget>.Fail(LiveDiagnostics.KubeconfigInvalid(path, context is null ? $"the kubeconfig cannot be used: {problem}" : $"the kubeconfig cannot be used with context '{context}': {problem}"));
        }
    }
}
