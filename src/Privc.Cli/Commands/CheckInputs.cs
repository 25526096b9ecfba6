using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Text;

namespace Privc.Cli.Commands;

/// <summary>
/// The files <c>privc check</c> reads, chosen as <c>kubectl apply -f PATH... [-R]</c> chooses them (k8s.io/cli-runtime
/// pkg/resource: <c>FileExtensions</c> and <c>ExpandPathsToFileVisitors</c>): a file named on the command line is
/// read whatever its name; a folder stands for its files ending exactly in .json, .yaml or .yml, in byte order of
/// their names, and its subfolders only with --recursive (privc's own compile output keeps kubernetes/operator/ out
/// of <c>kubectl apply -f kubernetes/</c> this way). Paths are read in the order given. '-' is standard input, once.
/// A folder whose kustomization only lists its own files is read as <c>kubectl apply -k</c> applies it
/// (<see cref="KustomizationReader"/>); any other folder that must be rendered first (a kustomization privc cannot
/// evaluate, a Helm chart) is reported as not judged.
/// </summary>
internal sealed class CheckInputs(CliContext context, InputLimits limits, List<Diagnostic> diagnostics)
{
    /// <summary>kubectl's recognised extensions, compared exactly (filepath.Ext is case-sensitive).</summary>
    private static readonly string[] Extensions = [".json", ".yaml", ".yml"];

    private static readonly IReadOnlyList<string> KustomizationNames = Privc.Artifacts.Kubernetes.KustomizationFile.Names;

    public const string StandardInput = "-";

    /// <summary>The display path of standard input in diagnostics.</summary>
    public const string StandardInputName = "<stdin>";

    private bool stdinUsed;

    /// <summary>Checks that '-' is given at most once over all the options that read files.</summary>
    public static bool StdinOnce(IEnumerable<string> paths, List<Diagnostic> diagnostics)
    {
        if (paths.Count(p => p == StandardInput) > 1)
        {
            diagnostics.Add(DiagnosticCatalogue.Usage("standard input ('-') can be read for one input only"));
            return false;
        }
        return true;
    }

    /// <summary>The manifest files in apply order, read.</summary>
    public List<SourceText> Manifests(IEnumerable<string> paths, bool recursive)
    {
        var files = new List<SourceText>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (path == StandardInput)
            {
                Add(files, ReadStdin());
                continue;
            }
            if (!Directory.Exists(path))
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    Add(files, SourceReader.ReadFile(path, limits));
                }
                continue;
            }
            var listed = FolderWalker.Files(path, recursive, _ => true, diagnostics);
            var rendered = listed.Where(f => KustomizationNames.Contains(Path.GetFileName(f)) || Path.GetFileName(f) == "Chart.yaml").ToList();
            var manifests = listed.Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.Ordinal) && !rendered.Contains(f)).ToList();
            var ownKustomizations = rendered.Where(f => Path.GetDirectoryName(f) == Path.GetDirectoryName(Path.Combine(path, "x")) && KustomizationNames.Contains(Path.GetFileName(f))).ToList();
            if (ownKustomizations.Count == 1 && new KustomizationReader(limits, diagnostics).Applied(path, ownKustomizations[0], manifests, rendered) is { } applied)
            {
                manifests = applied;
            }
            else
            {
                if (ownKustomizations.Count > 1)
                {
                    diagnostics.Add(DiagnosticCatalogue.KustomizationSeveral(path, ownKustomizations.Select(f => Path.GetFileName(f))));
                }
                new KustomizationReader(limits, diagnostics).ReportMarkers(rendered.Where(r => ownKustomizations.Count < 2 || !ownKustomizations.Contains(r)));
            }
            if (manifests.Count == 0 && rendered.Count == 0)
            {
                diagnostics.Add(DiagnosticCatalogue.FileNotReadable(path, $"the folder holds no .json, .yaml or .yml file{(recursive ? string.Empty : " (subfolders are read with --recursive)")}"));
            }
            foreach (var file in manifests.Where(f => seen.Add(Path.GetFullPath(f))))
            {
                Add(files, SourceReader.ReadFile(file, limits));
            }
        }
        return files;
    }

    /// <summary>One file (or '-'), read.</summary>
    public SourceText? File(string path)
    {
        var (source, error) = path == StandardInput ? ReadStdin() : SourceReader.ReadFile(path, limits);
        if (error is not null)
        {
            diagnostics.Add(error);
        }
        return source;
    }

    private Result<SourceText> ReadStdin()
    {
        if (stdinUsed)
        {
            return Result<SourceText>.Fail(DiagnosticCatalogue.Usage("standard input ('-') can be read for one input only"));
        }
        stdinUsed = true;
        return SourceReader.ReadStream(StandardInputName, context.OpenInput, limits);
    }

    private void Add(List<SourceText> files, Result<SourceText> read)
    {
        if (read.Value is not null)
        {
            files.Add(read.Value);
        }
        if (read.Error is not null)
        {
            diagnostics.Add(read.Error);
        }
    }
}
