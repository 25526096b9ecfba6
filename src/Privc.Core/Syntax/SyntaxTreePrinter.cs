using System.Globalization;
using System.Text;
using Privc.Text;

namespace Privc.Syntax;

/// <summary>
/// Prints a syntax tree as an indented outline, one node per line: its role in the parent, its kind, its own
/// scalar data and (optionally) its span as <c>@line:col-line:col</c> (end exclusive). The golden corpus keeps
/// these dumps as baselines, and the formatter's round-trip test compares dumps without spans.
/// </summary>
internal sealed class SyntaxTreePrinter
{
    private readonly SourceText source;
    private readonly bool withSpans;
    private readonly StringBuilder text = new();
    private int depth;

    private SyntaxTreePrinter(SourceText source, bool withSpans)
    {
        this.source = source;
        this.withSpans = withSpans;
    }

    public static string Print(ProgramSyntax program, bool withSpans = true)
    {
        var printer = new SyntaxTreePrinter(program.Source, withSpans);
        printer.Program(program);
        return printer.text.ToString();
    }

    private void Program(ProgramSyntax program)
    {
        Node(null, "Program", program, () =>
        {
            List("Items", program.Items, Item);
            List("Comments", program.Comments, (role, c) => Leaf(role, $"Comment {Quote(c.Text)}", c));
        });
    }

    private void Item(string role, ItemSyntax item)
    {
        switch (item)
        {
            case LevelsDeclSyntax levels:
                Node(role, "LevelsDecl", levels, () => List("Levels", levels.Levels, Name));
                break;
            case DataDeclSyntax data:
                Node(role, "DataDecl", data, () =>
                {
                    Name("Name", data.Name);
                    Name("Level", data.Level);
                    List("Tags", data.Tags, Name);
                });
                break;
            case ServiceDeclSyntax service:
                Node(role, "ServiceDecl", service, () =>
                {
                    Name("Name", service.Name);
                    List("Properties", service.Properties, (r, p) => Node(r, "Property", p, () =>
                    {
                        Name("Key", p.Key);
                        List("Values", p.Values, Value);
                    }));
                });
                break;
            case ExternalDeclSyntax external:
                Node(role, "ExternalDecl", external, () =>
                {
                    Name("Name", external.Name);
                    List("Properties", external.Properties, (r, p) => Node(r, "Property", p, () =>
                    {
                        Name("Key", p.Key);
                        List("Values", p.Values, Value);
                        if (p.Selector is { } selector)
                        {
                            Predicate("Selector", selector);
                        }
                    }));
                });
                break;
            case FlowDeclSyntax flow:
                Node(role, "FlowDecl", flow, () =>
                {
                    Name("Name", flow.Name);
                    Name("Source", flow.Source);
                    Name("Target", flow.Target);
                    List("Clauses", flow.Clauses, FlowClause);
                });
                break;
            case IntentDeclSyntax intent:
                Node(role, "IntentDecl", intent, () =>
                {
                    Name("Name", intent.Name);
                    IntentBody("Body", intent.Body);
                });
                break;
            case ObjectiveDeclSyntax objective:
                Node(role, "ObjectiveDecl", objective, () =>
                {
                    Name("Name", objective.Name);
                    ObjectiveBody("Body", objective.Body);
                });
                break;
            default:
                throw Unhandled(item);
        }
    }

    private void FlowClause(string role, FlowClauseSyntax clause)
    {
        switch (clause)
        {
            case CarriesClauseSyntax carries:
                Node(role, "CarriesClause", carries, () => List("Data", carries.Data, Name));
                break;
            case BandwidthClauseSyntax bandwidth:
                Node(role, "BandwidthClause", bandwidth, () => Value("Value", bandwidth.Value));
                break;
            case PortClauseSyntax port:
                Node(role, "PortClause", port, () => Value("Value", port.Value));
                break;
            default:
                throw Unhandled(clause);
        }
    }

    private void IntentBody(string role, IntentBodySyntax body)
    {
        switch (body)
        {
            case PlaceIntentSyntax place:
                Node(role, "PlaceIntent", place, () =>
                {
                    List("Services", place.Services, ServiceRef);
                    Predicate("On", place.On);
                });
                break;
            case KeepIntentSyntax keep:
                Node(role, "KeepIntent", keep, () =>
                {
                    List("Data", keep.Data, DataRef);
                    Predicate("Within", keep.Within);
                    if (keep.OverLinks is { } over)
                    {
                        Predicate("OverLinks", over);
                    }
                });
                break;
            case SeparateIntentSyntax separate:
                Node(role, "SeparateIntent", separate, () =>
                {
                    List("Left", separate.Left, ServiceRef);
                    List("Right", separate.Right, ServiceRef);
                    if (separate.By is { } by)
                    {
                        Attribute("By", by);
                    }
                });
                break;
            case ColocateIntentSyntax colocate:
                Node(role, "ColocateIntent", colocate, () =>
                {
                    List("Left", colocate.Left, ServiceRef);
                    List("Right", colocate.Right, ServiceRef);
                    if (colocate.By is { } by)
                    {
                        Attribute("By", by);
                    }
                });
                break;
            case DedicateIntentSyntax dedicate:
                Node(role, "DedicateIntent", dedicate, () => List("Services", dedicate.Services, ServiceRef));
                break;
            case SpreadIntentSyntax spread:
                Node(role, "SpreadIntent", spread, () =>
                {
                    List("Services", spread.Services, ServiceRef);
                    Attribute("Across", spread.Across);
                    Value("AtLeast", spread.AtLeast);
                });
                break;
            case RouteIntentSyntax route:
                Node(role, "RouteIntent", route, () =>
                {
                    List("Flows", route.Flows, FlowRef);
                    List("Clauses", route.Clauses, PathClause);
                });
                break;
            case DeclassifyIntentSyntax declassify:
                Node(role, "DeclassifyIntent", declassify, () =>
                {
                    Name("Data", declassify.Data);
                    Name("Level", declassify.Level);
                    Name("Via", declassify.Via);
                });
                break;
            default:
                throw Unhandled(body);
        }
    }

    private void ServiceRef(string role, ServiceRefSyntax reference)
    {
        switch (reference)
        {
            case AllServicesSyntax all:
                Leaf(role, "AllServices", all);
                break;
            case TenantServicesSyntax tenant:
                Node(role, "TenantServices", tenant, () => Name("Tenant", tenant.Tenant));
                break;
            case HandlingServicesSyntax handling:
                Node(role, "HandlingServices", handling, () => Name("Data", handling.Data));
                break;
            case NamedServiceSyntax named:
                Node(role, "NamedService", named, () => Name("Name", named.Name));
                break;
            default:
                throw Unhandled(reference);
        }
    }

    private void DataRef(string role, DataRefSyntax reference)
    {
        switch (reference)
        {
            case TaggedDataSyntax tagged:
                Node(role, "TaggedData", tagged, () => Name("Tag", tagged.Tag));
                break;
            case NamedDataSyntax named:
                Node(role, "NamedData", named, () => Name("Name", named.Name));
                break;
            default:
                throw Unhandled(reference);
        }
    }

    private void FlowRef(string role, FlowRefSyntax reference)
    {
        switch (reference)
        {
            case AllFlowsSyntax all:
                Leaf(role, "AllFlows", all);
                break;
            case CarryingFlowsSyntax carrying:
                Node(role, "CarryingFlows", carrying, () => Name("Data", carrying.Data));
                break;
            case FromFlowsSyntax from:
                Node(role, "FromFlows", from, () => Name("Service", from.Service));
                break;
            case ToFlowsSyntax to:
                Node(role, "ToFlows", to, () => Name("Service", to.Service));
                break;
            case NamedFlowSyntax named:
                Node(role, "NamedFlow", named, () => Name("Name", named.Name));
                break;
            default:
                throw Unhandled(reference);
        }
    }

    private void PathClause(string role, PathClauseSyntax clause)
    {
        switch (clause)
        {
            case AvoidClauseSyntax avoid:
                Node(role, "AvoidClause", avoid, () => ElementSet("Elements", avoid.Elements));
                break;
            case ThroughClauseSyntax through:
                Node(role, "ThroughClause", through, () => List("Waypoints", through.Waypoints, Waypoint));
                break;
            case WithinClauseSyntax within:
                Node(role, "WithinClause", within, () => Predicate("Predicate", within.Predicate));
                break;
            case OverLinksClauseSyntax over:
                Node(role, "OverLinksClause", over, () => Predicate("Predicate", over.Predicate));
                break;
            case LatencyClauseSyntax latency:
                Node(role, $"LatencyClause {Operator(latency.Operator)}", latency, () => Value("Bound", latency.Bound));
                break;
            case HopsClauseSyntax hops:
                Node(role, $"HopsClause {Operator(hops.Operator)}", hops, () => Value("Bound", hops.Bound));
                break;
            default:
                throw Unhandled(clause);
        }
    }

    private void ElementSet(string role, ElementSetSyntax elements)
    {
        switch (elements)
        {
            case DevicesWhereSyntax devices:
                Node(role, "DevicesWhere", devices, () => Predicate("Predicate", devices.Predicate));
                break;
            case LinksWhereSyntax links:
                Node(role, "LinksWhere", links, () => Predicate("Predicate", links.Predicate));
                break;
            case NamedDevicesSyntax named:
                Node(role, "NamedDevices", named, () => List("Names", named.Names, Name));
                break;
            default:
                throw Unhandled(elements);
        }
    }

    private void Waypoint(string role, WaypointSyntax waypoint)
    {
        switch (waypoint)
        {
            case WaypointWhereSyntax where:
                Node(role, "WaypointWhere", where, () => Predicate("Predicate", where.Predicate));
                break;
            case WaypointNamedSyntax named:
                Node(role, "WaypointNamed", named, () => Name("Name", named.Name));
                break;
            default:
                throw Unhandled(waypoint);
        }
    }

    private void ObjectiveBody(string role, ObjectiveBodySyntax body)
    {
        switch (body)
        {
            case MinimizeObjectiveSyntax minimize:
                Node(role, minimize.Max ? "MinimizeObjective max" : "MinimizeObjective", minimize, () => Name("Metric", minimize.Metric));
                break;
            case PreferObjectiveSyntax prefer:
                Node(role, "PreferObjective", prefer, () => Predicate("Predicate", prefer.Predicate));
                break;
            default:
                throw Unhandled(body);
        }
    }

    private void Predicate(string role, PredicateSyntax predicate)
    {
        switch (predicate)
        {
            case NotPredicateSyntax not:
                Node(role, "NotPredicate", not, () => Predicate("Operand", not.Operand));
                break;
            case AndPredicateSyntax and:
                Node(role, "AndPredicate", and, () =>
                {
                    Predicate("Left", and.Left);
                    Predicate("Right", and.Right);
                });
                break;
            case OrPredicateSyntax or:
                Node(role, "OrPredicate", or, () =>
                {
                    Predicate("Left", or.Left);
                    Predicate("Right", or.Right);
                });
                break;
            case InPredicateSyntax member:
                Node(role, member.Negated ? "InPredicate negated" : "InPredicate", member, () =>
                {
                    Attribute("Attribute", member.Attribute);
                    List("Values", member.Values, Value);
                });
                break;
            case ComparePredicateSyntax compare:
                Node(role, $"ComparePredicate {Operator(compare.Operator)}", compare, () =>
                {
                    Attribute("Attribute", compare.Attribute);
                    Value("Value", compare.Value);
                });
                break;
            case ConstantPredicateSyntax constant:
                Leaf(role, constant.Value ? "ConstantPredicate true" : "ConstantPredicate false", constant);
                break;
            case FlagPredicateSyntax flag:
                Node(role, "FlagPredicate", flag, () => Attribute("Attribute", flag.Attribute));
                break;
            default:
                throw Unhandled(predicate);
        }
    }

    private void Attribute(string role, AttributeSyntax attribute) =>
        Leaf(role, attribute.Quoted ? $"Attribute {Quote(attribute.Key)} quoted" : $"Attribute {Quote(attribute.Key)}", attribute);

    private void Value(string role, ValueSyntax value) => Leaf(role, $"Value {value.Kind} {Quote(value.Text)}", value);

    private void Name(string role, NameSyntax name) => Leaf(role, $"Name {Quote(name.Text)}", name);

    private void List<T>(string role, IReadOnlyList<T> items, Action<string, T> print)
    {
        for (var i = 0; i < items.Count; i++)
        {
            print(string.Create(CultureInfo.InvariantCulture, $"{role}[{i}]"), items[i]);
        }
    }

    private void Leaf(string? role, string label, SyntaxNode node) => Node(role, label, node, null);

    private void Node(string? role, string label, SyntaxNode node, Action? children)
    {
        text.Append(' ', depth * 2);
        if (role is not null)
        {
            text.Append(role).Append(": ");
        }
        text.Append(label);
        if (withSpans)
        {
            var (startLine, startColumn) = source.GetLineColumn(node.Span.Start);
            var (endLine, endColumn) = source.GetLineColumn(node.Span.End);
            text.Append(CultureInfo.InvariantCulture, $" @{startLine}:{startColumn}-{endLine}:{endColumn}");
        }
        text.Append('\n');
        if (children is not null)
        {
            depth++;
            children();
            depth--;
        }
    }

    private static string Operator(ComparisonOperator op) => SyntaxFormatter.OperatorText(op);

    /// <summary>Double-quoted with C-style escapes, so control characters never reach a baseline file raw.</summary>
    internal static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c))
                    {
                        quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    }
                    else
                    {
                        quoted.Append(c);
                    }
                    break;
            }
        }
        return quoted.Append('"').ToString();
    }

    private static InvalidOperationException Unhandled(SyntaxNode node) =>
        new($"privc bug: the syntax tree printer does not handle {node.GetType().Name}");
}
