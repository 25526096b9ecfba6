using Privc.Artifacts.Kubernetes;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Text;

namespace Privc.Cli.Commands;

/// <summary>
/// A folder given to <c>privc check --manifests</c> that holds a kustomization (specs/check.md section 2). When the
/// kustomization only lists files of the folder and they are exactly the files <c>kubectl apply -f</c> would read
/// there, <c>kubectl apply -k</c> and <c>-f</c> deploy the same objects (kubectl -f stops only at the kustomization
/// itself, which is no object), and the folder is read as those files, in the listed order. What kustomize refuses is
/// an error (PRIV5200-PRIV5202). A kustomization privc cannot evaluate, or one that lists other files than the
/// folder holds, is PRIV5102 (not judged) and the folder is read as <c>-f</c> reads it.
/// </summary>
internal sealed class KustomizationReader(InputLimits limits, List<Diagnostic> diagnostics)
{
    /// <summary>The files to read in order, or null when the folder is to be read as before (PRIV5102 or an error reported).</summary>
    public List<string>? Applied(string folder, string kustomization, List<string> manifests, List<string> rendered)
    {
        var (source, readError) = SourceReader.ReadFile(kustomization, limits);
        if (source is null)
        {
            diagnostics.Add(readError!);
            return [];
        }
        var reading = KustomizationFile.Read(source);
        if (!reading.Errors.IsEmpty)
        {
            diagnostics.AddRange(reading.Errors);
            return [];
        }
        var top = new SourceLocation(source, new TextSpan(0, 0));
        if (reading.Unsupported is { } why)
        {
            diagnostics.Add(DiagnosticCatalogue.CheckKustomizationUnsupported(top, kustomization, why));
            ReportMarkers(rendered.Where(r => r != kustomization));
            return manifests;
        }
        var listed = new List<string>();
        var missing = false;
        foreach (var (file, at) in reading.Resources)
        {
            var full = Path.Combine(folder, file);
            if (!File.Exists(full))
            {
                diagnostics.Add(DiagnosticCatalogue.KustomizationMissingResource(at, file, folder));
                missing = true;
                continue;
            }
            listed.Add(full);
        }
        if (missing)
        {
            return [];
        }
        var byFull = manifests.ToDictionary(Path.GetFullPath, f => f, StringComparer.Ordinal);
        var unlisted = manifests.Where(m => !listed.Any(l => Path.GetFullPath(l) == Path.GetFullPath(m))).Select(m => Path.GetRelativePath(folder, m)).ToList();
        var notApplied = listed.Where(l => !byFull.ContainsKey(Path.GetFullPath(l))).Select(Path.GetFileName).ToList();
        if (unlisted.Count > 0 || notApplied.Count > 0 || rendered.Count > 1)
        {
            var parts = new List<string>();
            if (unlisted.Count > 0)
            {
                parts.Add($"it does not list {string.Join(", ", unlisted.Select(u => $"'{u}'"))}, which kubectl apply -f applies");
            }
            if (notApplied.Count > 0)
            {
                parts.Add($"it lists {string.Join(", ", notApplied.Select(u => $"'{u}'"))}, which kubectl apply -f does not read (not .json, .yaml or .yml)");
            }
            if (rendered.Count > 1)
            {
                parts.Add("the folder also holds a chart or another kustomization");
            }
            diagnostics.Add(DiagnosticCatalogue.CheckKustomizationOtherFiles(top, kustomization, string.Join("; ", parts)));
            ReportMarkers(rendered.Where(r => r != kustomization));
            return manifests;
        }
        return listed;
    }

    /// <summary>PRIV5102 for each file that marks what must be rendered before it is applied (a kustomization, a Helm chart).</summary>
    public void ReportMarkers(IEnumerable<string> markers)
    {
        foreach (var marker in markers)
        {
            var (source, error) = SourceReader.ReadFile(marker, limits);
            if (source is null)
            {
                diagnostics.Add(error!);
                continue;
            }
            var location = new SourceLocation(source, new TextSpan(0, 0));
            diagnostics.Add(Path.GetFileName(marker) == "Chart.yaml"
                ? DiagnosticCatalogue.CheckHelmChart(location, marker)
                : DiagnosticCatalogue.CheckKustomization(location, marker));
        }
    }
}
