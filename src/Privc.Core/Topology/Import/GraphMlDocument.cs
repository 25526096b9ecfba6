using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Text;

namespace Privc.Topology.Import;

/// <summary>A GraphML <c>&lt;key&gt;</c>: the id data elements refer to, the domain it is for, and its attribute name.</summary>
internal sealed record GraphMlKey(string Id, string Domain, string Name, string? Default, SourceLocation Location);

/// <summary>A node with its data resolved by attribute name (never by key id).</summary>
internal sealed record GraphMlNode(string Id, ImmutableSortedDictionary<string, string> Data, SourceLocation Location);

/// <summary>An edge between two declared nodes, its data resolved by attribute name.</summary>
internal sealed record GraphMlEdge(string Source, string Target, bool Directed, ImmutableSortedDictionary<string, string> Data, SourceLocation Location);

/// <summary>The first graph of a GraphML file, nodes and edges in document order.</summary>
internal sealed record GraphMlGraph(
    SourceLocation Location,
    ImmutableSortedDictionary<string, string> Data,
    ImmutableArray<GraphMlKey> Keys,
    ImmutableArray<GraphMlNode> Nodes,
    ImmutableArray<GraphMlEdge> Edges);

internal sealed record GraphMlReadResult(GraphMlGraph? Graph, ImmutableArray<Diagnostic> Diagnostics);
