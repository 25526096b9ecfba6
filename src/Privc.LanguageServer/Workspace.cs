using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;

namespace Privc.LanguageServer;

/// <summary>
/// The open intent files and the topology they are checked against, analysed together as one program (the files
/// of a workspace declare and use each other's services, flows and data). Immutable: every edit makes a new one.
/// </summary>
public sealed class Workspace
{
    private readonly Lazy<Analysis> analysis;

    private Workspace(ImmutableSortedDictionary<string, SourceText> documents, TopologyLoadResult? topology, string? topologyPath)
    {
        Documents = documents;
        Topology = topology;
        TopologyPath = topologyPath;
        analysis = new(Analyse);
    }

    public static Workspace Empty { get; } = new(ImmutableSortedDictionary.Create<string, SourceText>(StringComparer.Ordinal), null, null);

    /// <summary>Open documents by URI.</summary>
    public ImmutableSortedDictionary<string, SourceText> Documents { get; }

    /// <summary>The loaded topology (null when none is configured or found).</summary>
    public TopologyLoadResult? Topology { get; }

    public string? TopologyPath { get; }

    public Analysis Current => analysis.Value;

    public Workspace WithDocument(string uri, string text) =>
        new(Documents.SetItem(uri, new SourceText(LspText.PathOf(uri), text)), Topology, TopologyPath);

    public Workspace WithoutDocument(string uri) => new(Documents.Remove(uri), Topology, TopologyPath);

    public Workspace WithTopology(string? path) =>
        new(Documents, path is null ? null : TopologyLoader.LoadFile(path), path);

    /// <summary>The parse of every document, the program when the whole set type-checks, and every diagnostic by path.</summary>
    public sealed record Analysis(
        ImmutableSortedDictionary<string, ParseResult> Parses,
        Compilation? Compilation,
        ImmutableArray<Diagnostic> Diagnostics,
        SymbolIndex Symbols)
    {
        public BoundProgram? Program => Compilation?.Program;
    }

    private Analysis Analyse()
    {
        var parses = Documents.ToImmutableSortedDictionary(d => d.Key, d => SyntaxParser.Parse(d.Value), StringComparer.Ordinal);
        var symbols = SymbolIndex.Build(parses.Values.Select(p => p.Program).OfType<Syntax.ProgramSyntax>());
        if (Topology?.Topology is not { } topology || Documents.IsEmpty)
        {
            return new Analysis(parses, null, parses.Values.SelectMany(p => p.Diagnostics).Order().ToImmutableArray(), symbols);
        }
        var compilation = new Compilation(Documents.Values, topology);
        return new Analysis(parses, compilation, compilation.Diagnostics.Order().ToImmutableArray(), symbols);
    }
}
