using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Compiler;

/// <summary>
/// Intent sources and a topology, read from disk (or given as text) and type-checked: the front end every command
/// shares. <see cref="Compilation"/> is null when anything failed; <see cref="Diagnostics"/> then says why, sorted.
/// </summary>
public sealed record Inputs(Compilation? Compilation, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public static Inputs Load(IEnumerable<string> intentFiles, string topologyPath) => Load(intentFiles, topologyPath, InputLimits.Default);

    /// <summary>Reads every file within <paramref name="limits"/>: bounded in size and in time (a FIFO nobody writes to).</summary>
    public static Inputs Load(IEnumerable<string> intentFiles, string topologyPath, InputLimits limits)
    {
        var diagnostics = new List<Diagnostic>();
        var sources = new List<SourceText>();
        foreach (var file in intentFiles.Distinct(StringComparer.Ordinal))
        {
            var (source, error) = SourceReader.ReadFile(file, limits);
            if (source is null)
            {
                diagnostics.Add(error!);
            }
            else
            {
                sources.Add(source);
            }
        }
        var topology = TopologyLoader.LoadFile(topologyPath, limits);
        return From(sources, topology, diagnostics);
    }

    /// <summary>Sources and a topology already in memory (the benchmark generator, eval's scenarios, tests).</summary>
    public static Inputs FromText(IEnumerable<SourceText> sources, SourceText topology) =>
        From(sources.ToList(), TopologyLoader.Load(topology), []);

    private static Inputs From(List<SourceText> sources, TopologyLoadResult topology, List<Diagnostic> diagnostics)
    {
        diagnostics.AddRange(topology.Diagnostics);
        if (topology.Topology is null || diagnostics.Any(d => d.IsError))
        {
            // Still parse what we can, so one run reports syntax errors and topology errors together.
            diagnostics.AddRange(sources.SelectMany(s => SyntaxParser.Parse(s).Diagnostics));
            return new Inputs(null, diagnostics.Order().ToImmutableArray());
        }
        var compilation = new Compilation(sources, topology.Topology);
        diagnostics.AddRange(compilation.Diagnostics);
        return new Inputs(compilation.HasErrors ? null : compilation, diagnostics.Order().ToImmutableArray());
    }
}
