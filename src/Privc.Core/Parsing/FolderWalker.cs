using Privc.Diagnostics;

namespace Privc.Parsing;

/// <summary>
/// Lists the files of a folder the way Go's <c>filepath.Walk</c> does, which kubectl uses for <c>apply -f DIR</c>
/// (k8s.io/cli-runtime pkg/resource, <c>ExpandPathsToFileVisitors</c>): entries of each folder in byte order of
/// their names, subfolders entered depth-first and only when recursive, symbolic links to folders not followed.
/// A folder that cannot be read is a diagnostic naming it, never an exception.
/// </summary>
public static class FolderWalker
{
    /// <summary>Deepest folder nesting entered; deeper trees are reported rather than walked.</summary>
    public const int MaxDepth = 64;

    /// <summary>Every file below <paramref name="root"/> (in walk order) that <paramref name="include"/> accepts.</summary>
    public static List<string> Files(string root, bool recursive, Func<string, bool> include, List<Diagnostic> diagnostics)
    {
        var files = new List<string>();
        Walk(root, 0);
        return files;

        void Walk(string folder, int depth)
        {
            if (depth > MaxDepth)
            {
                diagnostics.Add(DiagnosticCatalogue.FileNotReadable(folder, $"folders nest deeper than {MaxDepth} levels here"));
                return;
            }
            List<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions
                {
                    RecurseSubdirectories = false,
                    IgnoreInaccessible = false,
                    AttributesToSkip = 0,
                    ReturnSpecialDirectories = false,
                }).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                diagnostics.Add(DiagnosticCatalogue.FileNotReadable(folder, e.Message));
                return;
            }
            foreach (var entry in entries)
            {
                var isFolder = entry is DirectoryInfo && entry.LinkTarget is null;
                if (isFolder)
                {
                    if (recursive)
                    {
                        Walk(Path.Combine(folder, entry.Name), depth + 1);
                    }
                    continue;
                }
                var path = Path.Combine(folder, entry.Name);
                if (include(path))
                {
                    files.Add(path);
                }
            }
        }
    }
}
