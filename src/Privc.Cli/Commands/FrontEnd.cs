using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Text;
using Privc.Topology;

namespace Privc.Cli.Commands;

/// <summary>Reads intent files and a topology and type-checks them: the part every command shares.</summary>
internal sealed record FrontEnd(Compilation? Compilation, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public static FrontEnd Load(IEnumerable<string> files, string topologyPath)
    {
        var diagnostics = new List<Diagnostic>();
        var sources = new List<SourceText>();
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            var (source, error) = SourceReader.ReadFile(file);
            if (source is null)
            {
                diagnostics.Add(error!);
            }
            else
            {
                sources.Add(source);
            }
        }
        var topology = TopologyLoader.LoadFile(topologyPath);
        diagnostics.AddRange(topology.Diagnostics);
        if (topology.Topology is null || diagnostics.Any(d => d.IsError))
        {
            // Still parse what we can, so one run reports syntax errors and topology errors together.
            diagnostics.AddRange(sources.SelectMany(s => SyntaxParser.Parse(s).Diagnostics));
            return new FrontEnd(null, diagnostics.Order().ToImmutableArray());
        }
        var compilation = new Compilation(sources, topology.Topology);
        diagnostics.AddRange(compilation.Diagnostics);
        return new FrontEnd(compilation.HasErrors ? null : compilation, diagnostics.Order().ToImmutableArray());
    }

    public void Report(TextWriter writer) => Report(writer, Diagnostics);

    /// <summary>Prints diagnostics in order, then a count when there are errors.</summary>
    public static void Report(TextWriter writer, IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            writer.WriteLine(DiagnosticFormatter.Format(diagnostic));
        }
        var errors = diagnostics.Count(d => d.IsError);
        if (errors > 0)
        {
            writer.WriteLine($"{errors} error(s), {diagnostics.Count - errors} warning(s)");
        }
    }
}
