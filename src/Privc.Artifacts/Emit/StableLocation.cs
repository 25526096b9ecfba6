using Privc.Semantics;
using Privc.Text;

namespace Privc.Artifacts.Emit;

/// <summary>
/// Source locations as the certificate records them: relative to the deepest folder that holds every source file
/// of the program, with '/' separators. The certificate's digest (stamped on every emitted object) then does not
/// depend on how the paths were typed (relative or absolute) or where the repository is checked out.
/// </summary>
internal static class StableLocation
{
    public static string Of(BoundProgram program, SourceLocation location)
    {
        var (line, column) = location.Start;
        return $"{Name(program, location.Path)}:{line}:{column}";
    }

    public static string Name(BoundProgram program, string path)
    {
        var sources = Sources(program);
        var full = Path.GetFullPath(path);
        if (sources.Count == 0)
        {
            return Path.GetFileName(full);
        }
        var common = Path.GetDirectoryName(sources[0]) ?? string.Empty;
        foreach (var source in sources.Skip(1))
        {
            while (common.Length > 0 && !source.StartsWith(common + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                common = Path.GetDirectoryName(common) ?? string.Empty;
            }
        }
        var relative = common.Length == 0 ? full : Path.GetRelativePath(common, full);
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static List<string> Sources(BoundProgram program) =>
        program.Data.Select(d => d.Location.Path)
            .Concat(program.Services.Select(s => s.Location.Path))
            .Concat(program.Flows.Select(f => f.Location.Path))
            .Concat(program.Intents.Select(i => i.Location.Path))
            .Concat(program.Objectives.Select(o => o.Location.Path))
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
