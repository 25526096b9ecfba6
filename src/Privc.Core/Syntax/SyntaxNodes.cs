using System.Collections.Immutable;
using Privc.Text;

namespace Privc.Syntax;

// privc's own syntax tree: immutable, sealed, every node with a span in its file. Built once from ANTLR's
// contexts by Parsing/SyntaxTreeBuilder; nothing downstream sees ANTLR types.

public abstract record SyntaxNode(TextSpan Span);

/// <summary>An identifier occurrence: a declared name or a reference to one.</summary>
public sealed record NameSyntax(string Text, TextSpan Span) : SyntaxNode(Span);

public sealed record ProgramSyntax(SourceText Source, ImmutableArray<ItemSyntax> Items, TextSpan Span) : SyntaxNode(Span)
{
    /// <summary>The file's comments in source order. Only the formatter reads them; they carry no meaning.</summary>
    public ImmutableArray<CommentSyntax> Comments { get; init; } = [];
}

/// <summary>A line (<c>// ...</c>, <c># ...</c>) or block (<c>/* ... */</c>) comment, kept so that <c>privc fmt</c> preserves it.</summary>
public sealed record CommentSyntax(string Text, TextSpan Span) : SyntaxNode(Span);

public abstract record ItemSyntax(TextSpan Span) : SyntaxNode(Span);

/// <summary><c>levels public &lt; internal &lt; confidential &lt; restricted;</c></summary>
public sealed record LevelsDeclSyntax(ImmutableArray<NameSyntax> Levels, TextSpan Span) : ItemSyntax(Span);

/// <summary><c>data Vitals: restricted tags PHI, PII;</c></summary>
public sealed record DataDeclSyntax(NameSyntax Name, NameSyntax Level, ImmutableArray<NameSyntax> Tags, TextSpan Span) : ItemSyntax(Span);

/// <summary><c>service ingest { image "..."; replicas 2; ... }</c></summary>
public sealed record ServiceDeclSyntax(NameSyntax Name, ImmutableArray<PropertySyntax> Properties, TextSpan Span) : ItemSyntax(Span);

/// <summary>
/// <c>KEY VALUE, VALUE;</c> where each comma-separated entry may be a phrase of several values
/// (<c>probe http "/healthz" port 8080</c>): <see cref="Values"/> lists every value in order, <see cref="Phrases"/>
/// keeps them grouped as written.
/// </summary>
public sealed record PropertySyntax(NameSyntax Key, ImmutableArray<ValueSyntax> Values, TextSpan Span) : SyntaxNode(Span)
{
    public ImmutableArray<ImmutableArray<ValueSyntax>> Phrases { get; init; } = Values.Select(v => ImmutableArray.Create(v)).ToImmutableArray();

    /// <summary>The label tests of an external endpoint's <c>pods</c> property (<c>pods app == "prometheus"</c>); null for any other property.</summary>
    public PredicateSyntax? Selector { get; init; }
}

/// <summary><c>external prometheus { namespace monitoring; pods app == "prometheus"; }</c>: a party outside the program.</summary>
public sealed record ExternalDeclSyntax(NameSyntax Name, ImmutableArray<PropertySyntax> Properties, TextSpan Span) : ItemSyntax(Span);

/// <summary><c>flow feed: ingest -> analytics carries Vitals bandwidth 100Mbps port 8080;</c></summary>
public sealed record FlowDeclSyntax(NameSyntax Name, NameSyntax Source, NameSyntax Target, ImmutableArray<FlowClauseSyntax> Clauses, TextSpan Span) : ItemSyntax(Span);

public abstract record FlowClauseSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record CarriesClauseSyntax(ImmutableArray<NameSyntax> Data, TextSpan Span) : FlowClauseSyntax(Span);

public sealed record BandwidthClauseSyntax(ValueSyntax Value, TextSpan Span) : FlowClauseSyntax(Span);

public sealed record PortClauseSyntax(ValueSyntax Value, TextSpan Span) : FlowClauseSyntax(Span);

/// <summary><c>intent NAME: body;</c></summary>
public sealed record IntentDeclSyntax(NameSyntax Name, IntentBodySyntax Body, TextSpan Span) : ItemSyntax(Span);

/// <summary><c>objective NAME: minimize latency;</c></summary>
public sealed record ObjectiveDeclSyntax(NameSyntax Name, ObjectiveBodySyntax Body, TextSpan Span) : ItemSyntax(Span);

// ---- intent bodies ----

public abstract record IntentBodySyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record PlaceIntentSyntax(ImmutableArray<ServiceRefSyntax> Services, PredicateSyntax On, TextSpan Span) : IntentBodySyntax(Span);

public sealed record KeepIntentSyntax(ImmutableArray<DataRefSyntax> Data, PredicateSyntax Within, PredicateSyntax? OverLinks, TextSpan Span) : IntentBodySyntax(Span);

public sealed record SeparateIntentSyntax(ImmutableArray<ServiceRefSyntax> Left, ImmutableArray<ServiceRefSyntax> Right, AttributeSyntax? By, TextSpan Span) : IntentBodySyntax(Span);

public sealed record ColocateIntentSyntax(ImmutableArray<ServiceRefSyntax> Left, ImmutableArray<ServiceRefSyntax> Right, AttributeSyntax? By, TextSpan Span) : IntentBodySyntax(Span);

public sealed record DedicateIntentSyntax(ImmutableArray<ServiceRefSyntax> Services, TextSpan Span) : IntentBodySyntax(Span);

public sealed record SpreadIntentSyntax(ImmutableArray<ServiceRefSyntax> Services, AttributeSyntax Across, ValueSyntax AtLeast, TextSpan Span) : IntentBodySyntax(Span);

public sealed record RouteIntentSyntax(ImmutableArray<FlowRefSyntax> Flows, ImmutableArray<PathClauseSyntax> Clauses, TextSpan Span) : IntentBodySyntax(Span);

public sealed record DeclassifyIntentSyntax(NameSyntax Data, NameSyntax Level, NameSyntax Via, TextSpan Span) : IntentBodySyntax(Span);

// ---- references to declared things ----

public abstract record ServiceRefSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record AllServicesSyntax(TextSpan Span) : ServiceRefSyntax(Span);

public sealed record TenantServicesSyntax(NameSyntax Tenant, TextSpan Span) : ServiceRefSyntax(Span);

public sealed record HandlingServicesSyntax(NameSyntax Data, TextSpan Span) : ServiceRefSyntax(Span);

public sealed record NamedServiceSyntax(NameSyntax Name, TextSpan Span) : ServiceRefSyntax(Span);

public abstract record DataRefSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record TaggedDataSyntax(NameSyntax Tag, TextSpan Span) : DataRefSyntax(Span);

public sealed record NamedDataSyntax(NameSyntax Name, TextSpan Span) : DataRefSyntax(Span);

public abstract record FlowRefSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record AllFlowsSyntax(TextSpan Span) : FlowRefSyntax(Span);

public sealed record CarryingFlowsSyntax(NameSyntax Data, TextSpan Span) : FlowRefSyntax(Span);

public sealed record FromFlowsSyntax(NameSyntax Service, TextSpan Span) : FlowRefSyntax(Span);

public sealed record ToFlowsSyntax(NameSyntax Service, TextSpan Span) : FlowRefSyntax(Span);

public sealed record NamedFlowSyntax(NameSyntax Name, TextSpan Span) : FlowRefSyntax(Span);

// ---- path clauses ----

public abstract record PathClauseSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record AvoidClauseSyntax(ElementSetSyntax Elements, TextSpan Span) : PathClauseSyntax(Span);

public sealed record ThroughClauseSyntax(ImmutableArray<WaypointSyntax> Waypoints, TextSpan Span) : PathClauseSyntax(Span);

public sealed record WithinClauseSyntax(PredicateSyntax Predicate, TextSpan Span) : PathClauseSyntax(Span);

public sealed record OverLinksClauseSyntax(PredicateSyntax Predicate, TextSpan Span) : PathClauseSyntax(Span);

public sealed record LatencyClauseSyntax(ComparisonOperator Operator, ValueSyntax Bound, TextSpan Span) : PathClauseSyntax(Span);

public sealed record HopsClauseSyntax(ComparisonOperator Operator, ValueSyntax Bound, TextSpan Span) : PathClauseSyntax(Span);

public abstract record ElementSetSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record DevicesWhereSyntax(PredicateSyntax Predicate, TextSpan Span) : ElementSetSyntax(Span);

public sealed record LinksWhereSyntax(PredicateSyntax Predicate, TextSpan Span) : ElementSetSyntax(Span);

public sealed record NamedDevicesSyntax(ImmutableArray<NameSyntax> Names, TextSpan Span) : ElementSetSyntax(Span);

public abstract record WaypointSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record WaypointWhereSyntax(PredicateSyntax Predicate, TextSpan Span) : WaypointSyntax(Span);

public sealed record WaypointNamedSyntax(NameSyntax Name, TextSpan Span) : WaypointSyntax(Span);

// ---- objectives ----

public abstract record ObjectiveBodySyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record MinimizeObjectiveSyntax(bool Max, NameSyntax Metric, TextSpan Span) : ObjectiveBodySyntax(Span);

public sealed record PreferObjectiveSyntax(PredicateSyntax Predicate, TextSpan Span) : ObjectiveBodySyntax(Span);

// ---- predicates over node, device and link attributes ----

public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

public abstract record PredicateSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record NotPredicateSyntax(PredicateSyntax Operand, TextSpan Span) : PredicateSyntax(Span);

public sealed record AndPredicateSyntax(PredicateSyntax Left, PredicateSyntax Right, TextSpan Span) : PredicateSyntax(Span);

public sealed record OrPredicateSyntax(PredicateSyntax Left, PredicateSyntax Right, TextSpan Span) : PredicateSyntax(Span);

public sealed record InPredicateSyntax(AttributeSyntax Attribute, bool Negated, ImmutableArray<ValueSyntax> Values, TextSpan Span) : PredicateSyntax(Span);

public sealed record ComparePredicateSyntax(AttributeSyntax Attribute, ComparisonOperator Operator, ValueSyntax Value, TextSpan Span) : PredicateSyntax(Span);

public sealed record ConstantPredicateSyntax(bool Value, TextSpan Span) : PredicateSyntax(Span);

/// <summary>A bare attribute: true when a boolean label is true (<c>tee</c>).</summary>
public sealed record FlagPredicateSyntax(AttributeSyntax Attribute, TextSpan Span) : PredicateSyntax(Span);

/// <summary>
/// A label key or built-in attribute, in a predicate or after <c>by</c> and <c>across</c>. Quoted keys allow characters
/// names cannot hold (<c>"node-restriction.kubernetes.io/zone"</c>); <see cref="Quoted"/> only tells the formatter how
/// it was written, it never changes what the key means.
/// </summary>
public sealed record AttributeSyntax(string Key, bool Quoted, TextSpan Span) : SyntaxNode(Span);

public enum ValueKind
{
    Name,
    String,
    Number,
    Quantity,
    Boolean,
}

/// <summary>A literal. <see cref="Text"/> is the unquoted, unescaped text; the binder gives it a type.</summary>
public sealed record ValueSyntax(ValueKind Kind, string Text, TextSpan Span) : SyntaxNode(Span);
