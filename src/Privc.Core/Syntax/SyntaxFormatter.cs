using System.Text;
using Privc.Text;

namespace Privc.Syntax;

/// <summary>
/// Prints a syntax tree as canonical source (<c>privc fmt</c>): one item per line, service properties one per line
/// and indented, single spaces, parentheses only where precedence (not &gt; and &gt; or, both left-associative)
/// needs them, strings re-quoted with escapes. Comments are kept: a comment on the line where an item or property
/// ends stays there, any other comment goes on its own line before the next item or property (a comment written
/// inside an item moves before it). Blank lines between items are kept (at most one), and service blocks are
/// always set off by one. Formatting is idempotent, and parsing the output gives the same tree up to spans.
/// </summary>
public sealed class SyntaxFormatter
{
    /// <summary>Indentation of service properties.</summary>
    public const string Indent = "  ";

    private readonly ProgramSyntax program;
    private readonly string source;
    private readonly StringBuilder output = new();
    private int lastEnd = -1;

    private SyntaxFormatter(ProgramSyntax program)
    {
        this.program = program;
        source = program.Source.Text;
    }

    /// <summary>The canonical text of a whole file, ending in one newline (empty for a file with nothing in it).</summary>
    public static string Format(ProgramSyntax program) => new SyntaxFormatter(program).Run();

    // ---- layout: lines, comments and blank lines ----

    private enum LineKind
    {
        Item,
        ServiceOpen,
        Property,
        ServiceClose,
    }

    /// <summary>One output line of the tree; <see cref="Anchor"/> is the source range comments attach to.</summary>
    private sealed record Line(LineKind Kind, string Text, TextSpan Anchor, int Depth)
    {
        public List<CommentSyntax> Leading { get; } = new();

        public List<CommentSyntax> Trailing { get; } = new();
    }

    private string Run()
    {
        var lines = Lines().ToList();
        var trailer = AttachComments(lines);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var previous = i > 0 ? lines[i - 1] : null;
            var next = i + 1 < lines.Count ? lines[i + 1] : null;
            var first = true;
            foreach (var comment in line.Leading)
            {
                var commentDepth = line.Kind == LineKind.ServiceClose ? line.Depth + 1 : line.Depth;
                StartLine(commentDepth, Blank(previous, line, first, comment.Span.Start, isComment: true));
                Emit(comment);
                EndLine();
                first = false;
            }
            if (previous is not null && JoinedWithNext(previous, line))
            {
                output.Append('}');
            }
            else
            {
                StartLine(line.Depth, Blank(previous, line, first, line.Anchor.Start, isComment: false));
                output.Append(line.Text);
            }
            lastEnd = line.Anchor.End;
            if (JoinedWithNext(line, next))
            {
                continue;
            }
            foreach (var comment in line.Trailing)
            {
                output.Append(' ');
                Emit(comment);
            }
            EndLine();
        }
        foreach (var comment in trailer)
        {
            StartLine(0, output.Length > 0 && HasBlankLineBefore(comment.Span.Start));
            Emit(comment);
            EndLine();
        }
        return output.ToString();
    }

    /// <summary>An empty service without comments inside stays on one line: <c>service s {}</c>.</summary>
    private static bool JoinedWithNext(Line line, Line? next) =>
        line.Kind == LineKind.ServiceOpen && line.Trailing.Count == 0 && next is { Kind: LineKind.ServiceClose, Leading.Count: 0 };

    /// <summary>
    /// Whether a blank line goes before an element: never at the top of the file or of a service body or right
    /// before a closing brace, always around a service block, and otherwise where the source had one.
    /// </summary>
    private bool Blank(Line? previous, Line line, bool firstOfLine, int start, bool isComment)
    {
        if (output.Length == 0 || (firstOfLine && previous is { Kind: LineKind.ServiceOpen }) || (!isComment && line.Kind == LineKind.ServiceClose))
        {
            return false;
        }
        if (firstOfLine && line.Depth == 0 && (line.Kind == LineKind.ServiceOpen || previous is { Kind: LineKind.ServiceClose }))
        {
            return true;
        }
        return HasBlankLineBefore(start);
    }

    private void StartLine(int depth, bool blank)
    {
        if (blank)
        {
            output.Append('\n');
        }
        for (var i = 0; i < depth; i++)
        {
            output.Append(Indent);
        }
    }

    private void EndLine() => output.Append('\n');

    /// <summary>Whether the source holds an empty (whitespace-only) line between the last element written and this one.</summary>
    private bool HasBlankLineBefore(int start)
    {
        if (lastEnd < 0 || start <= lastEnd)
        {
            return false;
        }
        var sawNewline = false;
        var onlySpace = true;
        for (var i = lastEnd; i < start; i++)
        {
            if (source[i] == '\n')
            {
                if (sawNewline && onlySpace)
                {
                    return true;
                }
                sawNewline = true;
                onlySpace = true;
            }
            else if (!char.IsWhiteSpace(source[i]))
            {
                onlySpace = false;
            }
        }
        return false;
    }

    private void Emit(CommentSyntax comment)
    {
        output.Append(comment.Text.StartsWith("/*", StringComparison.Ordinal) ? comment.Text : comment.Text.TrimEnd());
        lastEnd = comment.Span.End;
    }

    /// <summary>
    /// Gives each comment to a line: trailing when it starts on the line where that line's anchor (or its previous
    /// trailing comment) ends, before the next line begins; otherwise leading on the first line that ends after it.
    /// Returns the comments after the last line.
    /// </summary>
    private List<CommentSyntax> AttachComments(List<Line> lines)
    {
        var comments = program.Comments.OrderBy(c => c.Span.Start).ToList();
        var next = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            while (next < comments.Count && comments[next].Span.Start < line.Anchor.End)
            {
                line.Leading.Add(comments[next++]);
            }
            var followingStart = i + 1 < lines.Count ? lines[i + 1].Anchor.Start : int.MaxValue;
            var end = line.Anchor.End;
            while (next < comments.Count && comments[next].Span.Start < followingStart && !source.AsSpan(end, comments[next].Span.Start - end).Contains('\n'))
            {
                end = comments[next].Span.End;
                line.Trailing.Add(comments[next++]);
            }
        }
        return comments.Skip(next).ToList();
    }

    private IEnumerable<Line> Lines()
    {
        foreach (var item in program.Items)
        {
            // An external endpoint is laid out as a service is: a block of properties.
            if (item is ServiceDeclSyntax or ExternalDeclSyntax)
            {
                var (keyword, name, properties) = item is ServiceDeclSyntax service
                    ? ("service", service.Name, service.Properties)
                    : ("external", ((ExternalDeclSyntax)item).Name, ((ExternalDeclSyntax)item).Properties);
                var brace = OpeningBrace(name, item.Span);
                yield return new Line(LineKind.ServiceOpen, $"{keyword} {name.Text} {{", TextSpan.FromBounds(item.Span.Start, brace + 1), 0);
                foreach (var property in properties)
                {
                    yield return new Line(LineKind.Property, Property(property), property.Span, 1);
                }
                yield return new Line(LineKind.ServiceClose, "}", new TextSpan(item.Span.End - 1, 1), 0);
            }
            else
            {
                yield return new Line(LineKind.Item, Item(item), item.Span, 0);
            }
        }
    }

    /// <summary>The offset of a service's `{`: the first character after its name that is neither space nor comment.</summary>
    private int OpeningBrace(NameSyntax name, TextSpan block)
    {
        var position = name.Span.End;
        while (position < block.End && source[position] != '{')
        {
            var comment = program.Comments.FirstOrDefault(c => c.Span.Start == position);
            position = comment is null ? position + 1 : comment.Span.End;
        }
        return position;
    }

    // ---- canonical text of each construct ----

    private static string Item(ItemSyntax item) => item switch
    {
        LevelsDeclSyntax levels => $"levels {string.Join(" < ", levels.Levels.Select(l => l.Text))};",
        DataDeclSyntax data => $"data {data.Name.Text}: {data.Level.Text}{(data.Tags.IsEmpty ? string.Empty : " tags " + Names(data.Tags))};",
        FlowDeclSyntax flow => $"flow {flow.Name.Text}: {flow.Source.Text} -> {flow.Target.Text}{string.Concat(flow.Clauses.Select(c => " " + FlowClause(c)))};",
        IntentDeclSyntax intent => $"intent {intent.Name.Text}: {IntentBody(intent.Body)};",
        ObjectiveDeclSyntax objective => $"objective {objective.Name.Text}: {ObjectiveBody(objective.Body)};",
        _ => throw Unhandled(item),
    };

    private static string Property(PropertySyntax property) => property.Selector is { } selector
        ? $"{property.Key.Text} {Predicate(selector)};"
        : $"{property.Key.Text} {string.Join(", ", property.Phrases.Select(p => string.Join(" ", p.Select(Value))))};";

    private static string FlowClause(FlowClauseSyntax clause) => clause switch
    {
        CarriesClauseSyntax carries => "carries " + Names(carries.Data),
        BandwidthClauseSyntax bandwidth => "bandwidth " + Value(bandwidth.Value),
        PortClauseSyntax port => "port " + Value(port.Value),
        _ => throw Unhandled(clause),
    };

    private static string IntentBody(IntentBodySyntax body) => body switch
    {
        PlaceIntentSyntax place => $"place {Services(place.Services)} on {Predicate(place.On)}",
        KeepIntentSyntax keep => $"keep {string.Join(", ", keep.Data.Select(DataRef))} within {Predicate(keep.Within)}"
            + (keep.OverLinks is { } over ? $" over links where {Predicate(over)}" : string.Empty),
        SeparateIntentSyntax separate => $"separate {Services(separate.Left)} from {Services(separate.Right)}{By(separate.By)}",
        ColocateIntentSyntax colocate => $"colocate {Services(colocate.Left)} with {Services(colocate.Right)}{By(colocate.By)}",
        DedicateIntentSyntax dedicate => $"dedicate {Services(dedicate.Services)}",
        SpreadIntentSyntax spread => $"spread {Services(spread.Services)} across {Attribute(spread.Across)} at least {Value(spread.AtLeast)}",
        RouteIntentSyntax route => $"route {string.Join(", ", route.Flows.Select(FlowRef))} {string.Join(", ", route.Clauses.Select(PathClause))}",
        DeclassifyIntentSyntax declassify => $"declassify {declassify.Data.Text} to {declassify.Level.Text} via {declassify.Via.Text}",
        _ => throw Unhandled(body),
    };

    private static string By(AttributeSyntax? by) => by is null ? string.Empty : " by " + Attribute(by);

    private static string Services(IEnumerable<ServiceRefSyntax> services) => string.Join(", ", services.Select(ServiceRef));

    private static string ServiceRef(ServiceRefSyntax reference) => reference switch
    {
        AllServicesSyntax => "*",
        TenantServicesSyntax tenant => "tenant " + tenant.Tenant.Text,
        HandlingServicesSyntax handling => "handling " + handling.Data.Text,
        NamedServiceSyntax named => named.Name.Text,
        _ => throw Unhandled(reference),
    };

    private static string DataRef(DataRefSyntax reference) => reference switch
    {
        TaggedDataSyntax tagged => "data tagged " + tagged.Tag.Text,
        NamedDataSyntax named => named.Name.Text,
        _ => throw Unhandled(reference),
    };

    private static string FlowRef(FlowRefSyntax reference) => reference switch
    {
        AllFlowsSyntax => "*",
        CarryingFlowsSyntax carrying => "flows carrying " + carrying.Data.Text,
        FromFlowsSyntax from => "flows from " + from.Service.Text,
        ToFlowsSyntax to => "flows to " + to.Service.Text,
        NamedFlowSyntax named => named.Name.Text,
        _ => throw Unhandled(reference),
    };

    private static string PathClause(PathClauseSyntax clause) => clause switch
    {
        AvoidClauseSyntax { Elements: DevicesWhereSyntax devices } => "avoid devices where " + Predicate(devices.Predicate),
        AvoidClauseSyntax { Elements: LinksWhereSyntax links } => "avoid links where " + Predicate(links.Predicate),
        AvoidClauseSyntax { Elements: NamedDevicesSyntax named } => "avoid " + Names(named.Names),
        ThroughClauseSyntax through => "through " + string.Join(" then ", through.Waypoints.Select(Waypoint)),
        WithinClauseSyntax within => "within " + Predicate(within.Predicate),
        OverLinksClauseSyntax over => "over links where " + Predicate(over.Predicate),
        LatencyClauseSyntax latency => $"latency {OperatorText(latency.Operator)} {Value(latency.Bound)}",
        HopsClauseSyntax hops => $"hops {OperatorText(hops.Operator)} {Value(hops.Bound)}",
        _ => throw Unhandled(clause),
    };

    private static string Waypoint(WaypointSyntax waypoint) => waypoint switch
    {
        WaypointWhereSyntax where => "devices where " + Predicate(where.Predicate),
        WaypointNamedSyntax named => named.Name.Text,
        _ => throw Unhandled(waypoint),
    };

    private static string ObjectiveBody(ObjectiveBodySyntax body) => body switch
    {
        MinimizeObjectiveSyntax minimize => minimize.Max ? $"minimize max {minimize.Metric.Text}" : $"minimize {minimize.Metric.Text}",
        PreferObjectiveSyntax prefer => "prefer " + Predicate(prefer.Predicate),
        _ => throw Unhandled(body),
    };

    // Precedence levels: or = 1, and = 2, not and atoms = 3. Both binary operators associate to the left, so a
    // right operand of the same operator keeps its parentheses.
    private const int OrLevel = 1;
    private const int AndLevel = 2;
    private const int UnaryLevel = 3;

    /// <summary>The canonical text of a predicate with the fewest parentheses that give back the same tree.</summary>
    public static string Predicate(PredicateSyntax predicate)
    {
        var text = new StringBuilder();
        WritePredicate(text, predicate, OrLevel);
        return text.ToString();
    }

    private static void WritePredicate(StringBuilder text, PredicateSyntax predicate, int context)
    {
        var level = predicate switch
        {
            OrPredicateSyntax => OrLevel,
            AndPredicateSyntax => AndLevel,
            _ => UnaryLevel,
        };
        var parenthesise = level < context;
        if (parenthesise)
        {
            text.Append('(');
        }
        switch (predicate)
        {
            case OrPredicateSyntax or:
                WritePredicate(text, or.Left, OrLevel);
                text.Append(" or ");
                WritePredicate(text, or.Right, AndLevel);
                break;
            case AndPredicateSyntax and:
                WritePredicate(text, and.Left, AndLevel);
                text.Append(" and ");
                WritePredicate(text, and.Right, UnaryLevel);
                break;
            case NotPredicateSyntax not:
                text.Append("not ");
                WritePredicate(text, not.Operand, UnaryLevel);
                break;
            case InPredicateSyntax member:
                text.Append(Attribute(member.Attribute)).Append(member.Negated ? " not in {" : " in {")
                    .Append(string.Join(", ", member.Values.Select(Value))).Append('}');
                break;
            case ComparePredicateSyntax compare:
                text.Append(Attribute(compare.Attribute)).Append(' ').Append(OperatorText(compare.Operator)).Append(' ').Append(Value(compare.Value));
                break;
            case ConstantPredicateSyntax constant:
                text.Append(constant.Value ? "true" : "false");
                break;
            case FlagPredicateSyntax flag:
                text.Append(Attribute(flag.Attribute));
                break;
            default:
                throw Unhandled(predicate);
        }
        if (parenthesise)
        {
            text.Append(')');
        }
    }

    private static string Attribute(AttributeSyntax attribute) => attribute.Quoted ? QuoteString(attribute.Key) : attribute.Key;

    private static string Value(ValueSyntax value) => value.Kind == ValueKind.String ? QuoteString(value.Text) : value.Text;

    private static string Names(IEnumerable<NameSyntax> names) => string.Join(", ", names.Select(n => n.Text));

    public static string OperatorText(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "==",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        _ => ">=",
    };

    /// <summary>A privc string literal: the escapes the language knows (\", \\, \n, \t), everything else as is.</summary>
    public static string QuoteString(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    private static InvalidOperationException Unhandled(SyntaxNode node) =>
        new($"privc bug: the formatter does not handle {node.GetType().Name}");
}
