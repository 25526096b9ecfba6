using System.Collections.Immutable;
using Privc.Syntax;
using Privc.Text;

namespace Privc.LanguageServer;

/// <summary>What a name in an intent file stands for.</summary>
public enum SymbolKind
{
    Service,
    Flow,
    Data,
}

/// <summary>One occurrence of a service, flow or data name: its declaration or a reference to it.</summary>
public sealed record SymbolOccurrence(SymbolKind Kind, string Name, SourceText Source, TextSpan Span, bool IsDeclaration);

/// <summary>
/// Declarations and references of services, flows and data classes in parsed intent files, for go to definition,
/// find references and hover. Read from privc's syntax tree, so it works while the program does not type-check.
/// </summary>
public sealed class SymbolIndex
{
    private SymbolIndex(ImmutableArray<SymbolOccurrence> occurrences) => Occurrences = occurrences;

    public ImmutableArray<SymbolOccurrence> Occurrences { get; }

    public static SymbolIndex Build(IEnumerable<ProgramSyntax> programs)
    {
        var found = new List<SymbolOccurrence>();
        foreach (var program in programs)
        {
            void Add(SymbolKind kind, NameSyntax name, bool declaration) => found.Add(new SymbolOccurrence(kind, name.Text, program.Source, name.Span, declaration));
            foreach (var item in program.Items)
            {
                switch (item)
                {
                    case DataDeclSyntax data:
                        Add(SymbolKind.Data, data.Name, true);
                        break;
                    case ServiceDeclSyntax service:
                        Add(SymbolKind.Service, service.Name, true);
                        foreach (var property in service.Properties.Where(p => p.Key.Text == "handles"))
                        {
                            found.AddRange(property.Values.Select(v => new SymbolOccurrence(SymbolKind.Data, v.Text, program.Source, v.Span, false)));
                        }
                        break;
                    case ExternalDeclSyntax external:
                        // Flows name external endpoints where they name services, so they share the services' symbols.
                        Add(SymbolKind.Service, external.Name, true);
                        break;
                    case FlowDeclSyntax flow:
                        Add(SymbolKind.Flow, flow.Name, true);
                        Add(SymbolKind.Service, flow.Source, false);
                        Add(SymbolKind.Service, flow.Target, false);
                        foreach (var name in flow.Clauses.OfType<CarriesClauseSyntax>().SelectMany(c => c.Data))
                        {
                            Add(SymbolKind.Data, name, false);
                        }
                        break;
                    case IntentDeclSyntax intent:
                        Visit(intent.Body, Add);
                        break;
                }
            }
        }
        return new SymbolIndex(found.OrderBy(o => o.Source.Path, StringComparer.Ordinal).ThenBy(o => o.Span.Start).ToImmutableArray());
    }

    /// <summary>The occurrence under an offset of a source, if any.</summary>
    public SymbolOccurrence? At(SourceText source, int offset) =>
        Occurrences.FirstOrDefault(o => o.Source.Path == source.Path && o.Span.Start <= offset && offset <= o.Span.End);

    public IEnumerable<SymbolOccurrence> Declarations(SymbolKind kind, string name) =>
        Occurrences.Where(o => o.IsDeclaration && o.Kind == kind && o.Name == name);

    public IEnumerable<SymbolOccurrence> All(SymbolKind kind, string name) =>
        Occurrences.Where(o => o.Kind == kind && o.Name == name);

    public IEnumerable<string> Names(SymbolKind kind) =>
        Occurrences.Where(o => o.IsDeclaration && o.Kind == kind).Select(o => o.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static void Visit(IntentBodySyntax body, Action<SymbolKind, NameSyntax, bool> add)
    {
        void Services(IEnumerable<ServiceRefSyntax> refs)
        {
            foreach (var r in refs)
            {
                switch (r)
                {
                    case NamedServiceSyntax named:
                        add(SymbolKind.Service, named.Name, false);
                        break;
                    case HandlingServicesSyntax handling:
                        add(SymbolKind.Data, handling.Data, false);
                        break;
                }
            }
        }
        switch (body)
        {
            case PlaceIntentSyntax place:
                Services(place.Services);
                break;
            case KeepIntentSyntax keep:
                foreach (var named in keep.Data.OfType<NamedDataSyntax>())
                {
                    add(SymbolKind.Data, named.Name, false);
                }
                break;
            case SeparateIntentSyntax separate:
                Services(separate.Left.Concat(separate.Right));
                break;
            case ColocateIntentSyntax colocate:
                Services(colocate.Left.Concat(colocate.Right));
                break;
            case DedicateIntentSyntax dedicate:
                Services(dedicate.Services);
                break;
            case SpreadIntentSyntax spread:
                Services(spread.Services);
                break;
            case RouteIntentSyntax route:
                foreach (var flow in route.Flows)
                {
                    switch (flow)
                    {
                        case NamedFlowSyntax named:
                            add(SymbolKind.Flow, named.Name, false);
                            break;
                        case CarryingFlowsSyntax carrying:
                            add(SymbolKind.Data, carrying.Data, false);
                            break;
                        case FromFlowsSyntax from:
                            add(SymbolKind.Service, from.Service, false);
                            break;
                        case ToFlowsSyntax to:
                            add(SymbolKind.Service, to.Service, false);
                            break;
                    }
                }
                break;
            case DeclassifyIntentSyntax declassify:
                add(SymbolKind.Data, declassify.Data, false);
                add(SymbolKind.Service, declassify.Via, false);
                break;
        }
    }
}
