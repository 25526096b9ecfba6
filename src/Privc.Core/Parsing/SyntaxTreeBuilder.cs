using System.Collections.Immutable;
using System.Text;
using Antlr4.Runtime;
using Privc.Diagnostics;
using Privc.Parsing.Generated;
using Privc.Syntax;
using Privc.Text;
using P = Privc.Parsing.Generated.PrivcParser;

namespace Privc.Parsing;

/// <summary>
/// Converts ANTLR's parse tree, once, into privc's immutable syntax tree. Runs only on error-free parses, so
/// every child the grammar requires is present.
/// </summary>
internal sealed class SyntaxTreeBuilder
{
    private readonly SourceText source;
    private readonly DiagnosticBag diagnostics;

    public SyntaxTreeBuilder(SourceText source, DiagnosticBag diagnostics)
    {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    public ProgramSyntax Build(P.ProgramContext context) =>
        new(source, context.item().Select(Item).ToImmutableArray(), new TextSpan(0, source.Text.Length));

    private ItemSyntax Item(P.ItemContext context) => context.GetChild(0) switch
    {
        P.LevelsDeclContext c => new LevelsDeclSyntax(Names(c.name()), Span(c)),
        P.DataDeclContext c => new DataDeclSyntax(Name(c.name(0)), Name(c.level), Names(c.name().Skip(1).Where(n => n != c.level)), Span(c)),
        P.ServiceDeclContext c => new ServiceDeclSyntax(Name(c.name()), c.property().Select(Property).ToImmutableArray(), Span(c)),
        P.ExternalDeclContext c => new ExternalDeclSyntax(Name(c.name()), c.externalProperty().Select(ExternalProperty).ToImmutableArray(), Span(c)),
        P.FlowDeclContext c => new FlowDeclSyntax(Name(c.name(0)), Name(c.source), Name(c.target), c.flowClause().Select(FlowClause).ToImmutableArray(), Span(c)),
        P.IntentDeclContext c => new IntentDeclSyntax(Name(c.name()), IntentBody(c.intentBody()), Span(c)),
        P.ObjectiveDeclContext c => new ObjectiveDeclSyntax(Name(c.name()), ObjectiveBody(c.objectiveBody()), Span(c)),
        var other => throw Unexpected(other),
    };

    private PropertySyntax Property(P.PropertyContext c)
    {
        var phrases = c.propertyValue().Select(p => p.value().Select(Value).ToImmutableArray()).ToImmutableArray();
        return new(Name(c.key), phrases.SelectMany(p => p).ToImmutableArray(), Span(c)) { Phrases = phrases };
    }

    private PropertySyntax ExternalProperty(P.ExternalPropertyContext context) => context switch
    {
        P.PodsPropertyContext c => new PropertySyntax(new NameSyntax(c.PODS().GetText(), TextSpan.FromBounds(c.PODS().Symbol.StartIndex, c.PODS().Symbol.StopIndex + 1)), [], Span(c)) { Phrases = [], Selector = Predicate(c.predicate()) },
        P.PlainExternalPropertyContext c => Property(c.property()),
        _ => throw Unexpected(context),
    };

    private FlowClauseSyntax FlowClause(P.FlowClauseContext context) => context switch
    {
        P.CarriesClauseContext c => new CarriesClauseSyntax(Names(c.name()), Span(c)),
        P.BandwidthClauseContext c => new BandwidthClauseSyntax(Value(c.value()), Span(c)),
        P.PortClauseContext c => new PortClauseSyntax(Value(c.value()), Span(c)),
        _ => throw Unexpected(context),
    };

    private IntentBodySyntax IntentBody(P.IntentBodyContext context) => context switch
    {
        P.PlaceIntentContext c => new PlaceIntentSyntax(Services(c.serviceSet()), Predicate(c.predicate()), Span(c)),
        P.KeepIntentContext c => new KeepIntentSyntax(
            c.dataSet().dataRef().Select(DataRef).ToImmutableArray(),
            Predicate(c.predicate(0)),
            c.predicate().Length > 1 ? Predicate(c.predicate(1)) : null,
            Span(c)),
        P.SeparateIntentContext c => new SeparateIntentSyntax(Services(c.serviceSet(0)), Services(c.serviceSet(1)), c.attribute() is { } by ? Attribute(by) : null, Span(c)),
        P.ColocateIntentContext c => new ColocateIntentSyntax(Services(c.serviceSet(0)), Services(c.serviceSet(1)), c.attribute() is { } by ? Attribute(by) : null, Span(c)),
        P.DedicateIntentContext c => new DedicateIntentSyntax(Services(c.serviceSet()), Span(c)),
        P.SpreadIntentContext c => new SpreadIntentSyntax(Services(c.serviceSet()), Attribute(c.attribute()), Value(c.value()), Span(c)),
        P.RouteIntentContext c => new RouteIntentSyntax(c.flowSet().flowRef().Select(FlowRef).ToImmutableArray(), c.pathClause().Select(PathClause).ToImmutableArray(), Span(c)),
        P.DeclassifyIntentContext c => new DeclassifyIntentSyntax(Name(c.name(0)), Name(c.name(1)), Name(c.name(2)), Span(c)),
        _ => throw Unexpected(context),
    };

    private ImmutableArray<ServiceRefSyntax> Services(P.ServiceSetContext context) =>
        context.serviceRef().Select(ServiceRef).ToImmutableArray();

    private ServiceRefSyntax ServiceRef(P.ServiceRefContext context) => context switch
    {
        P.AllServicesContext c => new AllServicesSyntax(Span(c)),
        P.TenantServicesContext c => new TenantServicesSyntax(Name(c.name()), Span(c)),
        P.HandlingServicesContext c => new HandlingServicesSyntax(Name(c.name()), Span(c)),
        P.NamedServiceContext c => new NamedServiceSyntax(Name(c.name()), Span(c)),
        _ => throw Unexpected(context),
    };

    private DataRefSyntax DataRef(P.DataRefContext context) => context switch
    {
        P.TaggedDataContext c => new TaggedDataSyntax(Name(c.name()), Span(c)),
        P.NamedDataContext c => new NamedDataSyntax(Name(c.name()), Span(c)),
        _ => throw Unexpected(context),
    };

    private FlowRefSyntax FlowRef(P.FlowRefContext context) => context switch
    {
        P.AllFlowsContext c => new AllFlowsSyntax(Span(c)),
        P.CarryingFlowsContext c => new CarryingFlowsSyntax(Name(c.name()), Span(c)),
        P.FromFlowsContext c => new FromFlowsSyntax(Name(c.name()), Span(c)),
        P.ToFlowsContext c => new ToFlowsSyntax(Name(c.name()), Span(c)),
        P.NamedFlowContext c => new NamedFlowSyntax(Name(c.name()), Span(c)),
        _ => throw Unexpected(context),
    };

    private PathClauseSyntax PathClause(P.PathClauseContext context) => context switch
    {
        P.AvoidClauseContext c => new AvoidClauseSyntax(ElementSet(c.elementSet()), Span(c)),
        P.ThroughClauseContext c => new ThroughClauseSyntax(c.waypoint().Select(Waypoint).ToImmutableArray(), Span(c)),
        P.WithinClauseContext c => new WithinClauseSyntax(Predicate(c.predicate()), Span(c)),
        P.OverLinksClauseContext c => new OverLinksClauseSyntax(Predicate(c.predicate()), Span(c)),
        P.LatencyClauseContext c => new LatencyClauseSyntax(Operator(c.cmpOp()), Value(c.value()), Span(c)),
        P.HopsClauseContext c => new HopsClauseSyntax(Operator(c.cmpOp()), Value(c.value()), Span(c)),
        _ => throw Unexpected(context),
    };

    private ElementSetSyntax ElementSet(P.ElementSetContext context) => context switch
    {
        P.DevicesWhereContext c => new DevicesWhereSyntax(Predicate(c.predicate()), Span(c)),
        P.LinksWhereContext c => new LinksWhereSyntax(Predicate(c.predicate()), Span(c)),
        P.NamedDevicesContext c => new NamedDevicesSyntax(Names(c.name()), Span(c)),
        _ => throw Unexpected(context),
    };

    private WaypointSyntax Waypoint(P.WaypointContext context) => context switch
    {
        P.WaypointWhereContext c => new WaypointWhereSyntax(Predicate(c.predicate()), Span(c)),
        P.WaypointNamedContext c => new WaypointNamedSyntax(Name(c.name()), Span(c)),
        _ => throw Unexpected(context),
    };

    private ObjectiveBodySyntax ObjectiveBody(P.ObjectiveBodyContext context) => context switch
    {
        P.MinimizeObjectiveContext c => new MinimizeObjectiveSyntax(c.MAX() is not null, Name(c.name()), Span(c)),
        P.PreferObjectiveContext c => new PreferObjectiveSyntax(Predicate(c.predicate()), Span(c)),
        _ => throw Unexpected(context),
    };

    private PredicateSyntax Predicate(P.PredicateContext context) => context switch
    {
        P.NotPredicateContext c => new NotPredicateSyntax(Predicate(c.predicate()), Span(c)),
        P.AndPredicateContext c => new AndPredicateSyntax(Predicate(c.predicate(0)), Predicate(c.predicate(1)), Span(c)),
        P.OrPredicateContext c => new OrPredicateSyntax(Predicate(c.predicate(0)), Predicate(c.predicate(1)), Span(c)),
        // Parentheses only group; the tree keeps the grouping, not the tokens (the span still covers them).
        P.ParenPredicateContext c => Predicate(c.predicate()) with { Span = Span(c) },
        P.NotInPredicateContext c => new InPredicateSyntax(Attribute(c.attribute()), true, c.value().Select(Value).ToImmutableArray(), Span(c)),
        P.InPredicateContext c => new InPredicateSyntax(Attribute(c.attribute()), false, c.value().Select(Value).ToImmutableArray(), Span(c)),
        P.ComparePredicateContext c => new ComparePredicateSyntax(Attribute(c.attribute()), Operator(c.cmpOp()), Value(c.value()), Span(c)),
        P.TruePredicateContext c => new ConstantPredicateSyntax(true, Span(c)),
        P.FalsePredicateContext c => new ConstantPredicateSyntax(false, Span(c)),
        P.FlagPredicateContext c => new FlagPredicateSyntax(Attribute(c.attribute()), Span(c)),
        _ => throw Unexpected(context),
    };

    private AttributeSyntax Attribute(P.AttributeContext c) =>
        c.STRING() is { } s ? new AttributeSyntax(Unquote(s.Symbol), true, Span(c)) : new AttributeSyntax(c.name().GetText(), false, Span(c));

    private static ComparisonOperator Operator(P.CmpOpContext c) => c.Start.Type switch
    {
        PrivcLexer.EQ => ComparisonOperator.Equal,
        PrivcLexer.NEQ => ComparisonOperator.NotEqual,
        PrivcLexer.LT => ComparisonOperator.Less,
        PrivcLexer.LE => ComparisonOperator.LessOrEqual,
        PrivcLexer.GT => ComparisonOperator.Greater,
        _ => ComparisonOperator.GreaterOrEqual,
    };

    private ValueSyntax Value(P.ValueContext c)
    {
        var token = c.Start;
        return token.Type switch
        {
            PrivcLexer.STRING => new ValueSyntax(ValueKind.String, Unquote(token), Span(c)),
            PrivcLexer.NUMBER => new ValueSyntax(ValueKind.Number, token.Text, Span(c)),
            PrivcLexer.QUANTITY => new ValueSyntax(ValueKind.Quantity, token.Text, Span(c)),
            PrivcLexer.TRUE or PrivcLexer.FALSE => new ValueSyntax(ValueKind.Boolean, token.Text, Span(c)),
            _ => new ValueSyntax(ValueKind.Name, c.GetText(), Span(c)),
        };
    }

    private ImmutableArray<NameSyntax> Names(IEnumerable<P.NameContext> names) => names.Select(Name).ToImmutableArray();

    private NameSyntax Name(P.NameContext c) => new(c.GetText(), Span(c));

    private static TextSpan Span(ParserRuleContext c) =>
        TextSpan.FromBounds(c.Start.StartIndex, Math.Max(c.Start.StartIndex, (c.Stop?.StopIndex ?? c.Start.StopIndex) + 1));

    /// <summary>Strips the quotes and resolves escapes; an unknown escape is reported and kept literally.</summary>
    private string Unquote(IToken token)
    {
        var text = token.Text;
        var body = text.Length >= 2 && text.EndsWith('"') && !EndsWithEscapedQuote(text) ? text[1..^1] : text[1..];
        var result = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\')
            {
                result.Append(body[i]);
                continue;
            }
            if (i + 1 >= body.Length)
            {
                break;
            }
            var next = body[++i];
            switch (next)
            {
                case '"': result.Append('"'); break;
                case '\\': result.Append('\\'); break;
                case 'n': result.Append('\n'); break;
                case 't': result.Append('\t'); break;
                default:
                    var offset = token.StartIndex + 1 + i - 1;
                    diagnostics.Add(DiagnosticCatalogue.InvalidEscape(new SourceLocation(source, new TextSpan(offset, 2)), "\\" + next));
                    result.Append(next);
                    break;
            }
        }
        return result.ToString();
    }

    private static bool EndsWithEscapedQuote(string text)
    {
        // "abc\" is unterminated: count the backslashes before the final quote.
        var backslashes = 0;
        for (var i = text.Length - 2; i >= 1 && text[i] == '\\'; i--)
        {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static InvalidOperationException Unexpected(object context) =>
        new($"privc bug: the syntax tree builder does not handle {context.GetType().Name}");
}
