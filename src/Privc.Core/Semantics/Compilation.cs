using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Text;
using Privc.Topology;

namespace Privc.Semantics;

/// <summary>
/// One compilation: a set of intent sources against one topology. Immutable; each stage runs on first use
/// and its result is kept (Minsk/Roslyn style), so the CLI, tests and later stages share the same answers.
/// </summary>
public sealed class Compilation
{
    private readonly Lazy<ImmutableArray<ParseResult>> parses;
    private readonly Lazy<BindResult?> binding;

    public Compilation(IEnumerable<SourceText> sources, TopologyModel topology)
    {
        Sources = sources.OrderBy(s => s.Path, StringComparer.Ordinal).ToImmutableArray();
        Topology = topology;
        parses = new Lazy<ImmutableArray<ParseResult>>(() => Sources.Select(SyntaxParser.Parse).ToImmutableArray());
        binding = new Lazy<BindResult?>(() =>
            parses.Value.All(p => p.Succeeded) ? Binder.Bind(parses.Value.Select(p => p.Program!), Topology) : null);
    }

    public ImmutableArray<SourceText> Sources { get; }

    public TopologyModel Topology { get; }

    public ImmutableArray<ParseResult> ParseResults => parses.Value;

    /// <summary>The bound program, or null when parsing or binding reported errors.</summary>
    public BoundProgram? Program => binding.Value?.Program;

    /// <summary>Every diagnostic of parsing and binding, sorted by file and position.</summary>
    public ImmutableArray<Diagnostic> Diagnostics =>
        parses.Value.SelectMany(p => p.Diagnostics).Concat(binding.Value?.Diagnostics ?? []).Order().ToImmutableArray();

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
