using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Privc.Diagnostics;
using Privc.Syntax;
using Privc.Text;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Semantics;

/// <summary>The outcome of binding: the typed program when there is no error, and every diagnostic.</summary>
internal sealed record BindResult(BoundProgram? Program, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Succeeded => Program is not null;
}

/// <summary>
/// Binds and type-checks syntax trees against a topology: resolves every name, gives every literal its type,
/// checks information flow, and produces the <see cref="BoundProgram"/> the encoder and checker consume.
/// One instance binds one compilation; it keeps no state beyond that.
/// </summary>
internal sealed partial class Binder
{
    private static readonly string[] ServiceProperties =
    [
        "args", "clearance", "command", "cpu", "env", "filesystem", "handles", "image", "liveness", "memory", "namespace", "ports", "probe",
        "readiness", "replicas", "serviceaccount", "tenant", "volume",
    ];

    private readonly ImmutableArray<ProgramSyntax> programs;
    private readonly TopologyModel topology;
    private readonly DiagnosticBag diagnostics = new();

    private SensitivityLattice lattice = SensitivityLattice.Default;
    private readonly Dictionary<string, DataClass> data = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Service> services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (FlowDeclSyntax Syntax, SourceText Source)> flowSyntax = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Flow> flows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceLocation> intentNames = new(StringComparer.Ordinal);

    private Binder(ImmutableArray<ProgramSyntax> programs, TopologyModel topology)
    {
        // Files are bound in path order so that the result never depends on the order of the command line.
        this.programs = programs.OrderBy(p => p.Source.Path, StringComparer.Ordinal).ToImmutableArray();
        this.topology = topology;
    }

    public static BindResult Bind(IEnumerable<ProgramSyntax> programs, TopologyModel topology) =>
        new Binder(programs.ToImmutableArray(), topology).Run();

    private BindResult Run()
    {
        BindLevels();
        foreach (var (item, source) in Items<DataDeclSyntax>())
        {
            BindData(item, source);
        }
        var serviceDecls = Items<ServiceDeclSyntax>().ToList();
        foreach (var (item, source) in serviceDecls)
        {
            BindService(item, source);
        }
        foreach (var (item, source) in Items<ExternalDeclSyntax>())
        {
            BindExternal(item, source);
        }
        foreach (var (item, source) in Items<FlowDeclSyntax>())
        {
            BindFlow(item, source);
        }
        WarnUnusedExternals();
        CheckIntentNames();

        var declassifications = Items<IntentDeclSyntax>()
            .Where(i => i.Item.Body is DeclassifyIntentSyntax)
            .Select(i => BindDeclassify(i.Item, (DeclassifyIntentSyntax)i.Item.Body, i.Source))
            .OfType<DeclassifyIntent>()
            .ToImmutableArray();
        AnalyseInformationFlow(declassifications);

        var intents = ImmutableArray.CreateBuilder<Intent>();
        foreach (var (item, source) in Items<IntentDeclSyntax>())
        {
            if (item.Body is DeclassifyIntentSyntax)
            {
                if (declassifications.FirstOrDefault(d => d.Name == item.Name.Text && d.Location.Span == Loc(source, item.Name).Span) is { } bound)
                {
                    intents.Add(bound);
                }
                continue;
            }
            if (BindIntent(item, source) is { } intent)
            {
                intents.Add(intent);
            }
        }
        var objectives = Items<ObjectiveDeclSyntax>().Select(i => BindObjective(i.Item, i.Source)).OfType<Objective>().ToImmutableArray();

        if (diagnostics.HasErrors)
        {
            return new BindResult(null, diagnostics.ToSortedArray());
        }
        var program = new BoundProgram(
            lattice,
            data.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToImmutableArray(),
            services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToImmutableArray(),
            flows.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToImmutableArray(),
            intents.ToImmutable(),
            objectives)
        {
            Externals = externals.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToImmutableArray(),
            ExternalFlows = externalFlows.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToImmutableArray(),
        };
        return new BindResult(program, diagnostics.ToSortedArray());
    }

    private IEnumerable<(T Item, SourceText Source)> Items<T>()
        where T : ItemSyntax =>
        programs.SelectMany(p => p.Items.OfType<T>().Select(i => (i, p.Source)));

    private static SourceLocation Loc(SourceText source, SyntaxNode node) => new(source, node.Span);

    // ---- declarations ----

    private void BindLevels()
    {
        SourceLocation? first = null;
        foreach (var (item, source) in Items<LevelsDeclSyntax>())
        {
            if (first is { } previous)
            {
                diagnostics.Add(DiagnosticCatalogue.DuplicateLevels(Loc(source, item), previous));
                continue;
            }
            first = Loc(source, item);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var level in item.Levels)
            {
                if (!seen.Add(level.Text))
                {
                    diagnostics.Add(DiagnosticCatalogue.DuplicateLevel(Loc(source, level), level.Text));
                }
            }
            lattice = new SensitivityLattice(item.Levels.Select(l => l.Text).Distinct(StringComparer.Ordinal).ToImmutableArray());
        }
    }

    private void BindData(DataDeclSyntax item, SourceText source)
    {
        var location = Loc(source, item.Name);
        if (data.TryGetValue(item.Name.Text, out var existing))
        {
            diagnostics.Add(DiagnosticCatalogue.DuplicateDeclaration(location, "data class", item.Name.Text, existing.Location));
            return;
        }
        var rank = ResolveLevel(item.Level, source);
        data[item.Name.Text] = new DataClass(item.Name.Text, item.Level.Text, Math.Max(rank, 0), item.Tags.Select(t => t.Text).Distinct().Order(StringComparer.Ordinal).ToImmutableArray(), location);
    }

    private int ResolveLevel(NameSyntax level, SourceText source)
    {
        var rank = lattice.Rank(level.Text);
        if (rank < 0)
        {
            diagnostics.Add(DiagnosticCatalogue.UnknownLevel(Loc(source, level), level.Text, lattice.Levels, Suggestions.Nearest(level.Text, lattice.Levels)));
        }
        return rank;
    }

    private void BindService(ServiceDeclSyntax item, SourceText source)
    {
        var location = Loc(source, item.Name);
        if (services.TryGetValue(item.Name.Text, out var existing))
        {
            diagnostics.Add(DiagnosticCatalogue.DuplicateDeclaration(location, "service", item.Name.Text, existing.Location));
            return;
        }
        CheckKubernetesName(item.Name.Text, location);
        var properties = new Dictionary<string, PropertySyntax>(StringComparer.Ordinal);
        var repeated = new Dictionary<string, List<PropertySyntax>>(StringComparer.Ordinal);
        foreach (var property in item.Properties)
        {
            var key = property.Key.Text;
            if (!ServiceProperties.Contains(key, StringComparer.Ordinal))
            {
                diagnostics.Add(DiagnosticCatalogue.UnknownProperty(Loc(source, property.Key), key, ServiceProperties, Suggestions.Nearest(key, ServiceProperties)));
                continue;
            }
            if (!PhraseProperties.Contains(key, StringComparer.Ordinal) && property.Phrases.FirstOrDefault(p => p.Length > 1) is { IsDefault: false } phrase)
            {
                diagnostics.Add(DiagnosticCatalogue.WrongValueKind(Loc(source, phrase[1]), $"'{key}'", "one value per entry (separate values with ',')", Describe(phrase[1])));
            }
            if (RepeatableProperties.Contains(key, StringComparer.Ordinal))
            {
                (repeated.TryGetValue(key, out var list) ? list : repeated[key] = []).Add(property);
                continue;
            }
            if (!properties.TryAdd(key, property))
            {
                diagnostics.Add(DiagnosticCatalogue.DuplicateProperty(Loc(source, property.Key), key));
                continue;
            }
            if (!ListProperties.Contains(key, StringComparer.Ordinal) && property.Phrases.Length > 1)
            {
                diagnostics.Add(DiagnosticCatalogue.WrongValueKind(Loc(source, property.Phrases[1][0]), $"'{key}'", "one value", $"{property.Phrases.Length} values"));
            }
        }

        string image = string.Empty;
        if (properties.TryGetValue("image", out var imageProperty))
        {
            image = ExpectText(imageProperty.Values[0], source, "'image'", allowName: false) ?? string.Empty;
        }
        else
        {
            diagnostics.Add(DiagnosticCatalogue.MissingProperty(location, item.Name.Text, "image"));
        }
        var replicas = properties.TryGetValue("replicas", out var replicasProperty)
            ? ExpectInteger(replicasProperty.Values[0], source, "'replicas'", 1, 1000) ?? 1
            : 1;
        var cpu = properties.TryGetValue("cpu", out var cpuProperty)
            ? ExpectQuantity(cpuProperty.Values[0], source, "'cpu'", Dimension.Cpu) ?? 0
            : 0;
        var memory = properties.TryGetValue("memory", out var memoryProperty)
            ? ExpectQuantity(memoryProperty.Values[0], source, "'memory'", Dimension.Memory) ?? 0
            : 0;
        var ports = properties.TryGetValue("ports", out var portsProperty)
            ? portsProperty.Values.Select(v => ExpectInteger(v, source, "a port", 1, 65535)).OfType<int>().Distinct().Order().ToImmutableArray()
            : ImmutableArray<int>.Empty;
        var tenant = properties.TryGetValue("tenant", out var tenantProperty)
            ? ExpectText(tenantProperty.Values[0], source, "'tenant'", allowName: true) ?? "default"
            : "default";
        // Not one namespace per tenant: a new default would move every service deployed before it to another
        // namespace on the next compile, and deploy does not prune, so the old pods would keep running (kubernetes.md).
        var ns = "default";
        if (properties.TryGetValue("namespace", out var nsProperty) && ExpectText(nsProperty.Values[0], source, "'namespace'", allowName: true) is { } nsText)
        {
            ns = nsText;
            CheckKubernetesName(ns, Loc(source, nsProperty.Values[0]));
        }
        var (clearanceName, clearanceRank) = Clearance(properties, source);
        var handles = ImmutableArray<string>.Empty;
        if (properties.TryGetValue("handles", out var handlesProperty))
        {
            var list = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var value in handlesProperty.Values)
            {
                if (value.Kind is not (ValueKind.Name or ValueKind.String))
                {
                    diagnostics.Add(DiagnosticCatalogue.WrongValueKind(Loc(source, value), "'handles'", "data class names", Describe(value)));
                    continue;
                }
                if (ResolveData(new NameSyntax(value.Text, value.Span), source) is { } dataClass)
                {
                    list.Add(dataClass.Name);
                    if (dataClass.Rank > clearanceRank)
                    {
                        diagnostics.Add(DiagnosticCatalogue.HandlesAboveClearance(Loc(source, value), item.Name.Text, dataClass.Name, dataClass.Level, clearanceName));
                    }
                }
            }
            handles = list.ToImmutableArray();
        }
        var runtime = BindRuntime(properties, repeated, source);
        services[item.Name.Text] = new Service(item.Name.Text, image, replicas, cpu, memory, ports, tenant, ns, clearanceName, clearanceRank, handles, [], location) { Runtime = runtime };
    }

    private void BindFlow(FlowDeclSyntax item, SourceText source)
    {
        var location = Loc(source, item.Name);
        if (flowSyntax.TryGetValue(item.Name.Text, out var existing))
        {
            diagnostics.Add(DiagnosticCatalogue.DuplicateDeclaration(location, "flow", item.Name.Text, Loc(existing.Source, existing.Syntax.Name)));
            return;
        }
        flowSyntax[item.Name.Text] = (item, source);
        var (sourceService, sourceExternal) = ResolveEndpoint(item.Source, source);
        var (targetService, targetExternal) = ResolveEndpoint(item.Target, source);
        if (sourceService is not null && sourceService == targetService)
        {
            diagnostics.Add(DiagnosticCatalogue.SelfFlow(Loc(source, item), sourceService.Name));
        }
        if (sourceExternal is not null && targetExternal is not null)
        {
            diagnostics.Add(DiagnosticCatalogue.ExternalToExternal(Loc(source, item), item.Name.Text));
        }
        var carried = new SortedSet<string>(StringComparer.Ordinal);
        long bandwidth = 0;
        int? port = null;
        var seenClauses = new HashSet<Type>();
        foreach (var clause in item.Clauses)
        {
            if (!seenClauses.Add(clause.GetType()))
            {
                diagnostics.Add(DiagnosticCatalogue.DuplicateFlowClause(Loc(source, clause), ClauseName(clause)));
                continue;
            }
            switch (clause)
            {
                case CarriesClauseSyntax carries:
                    foreach (var name in carries.Data)
                    {
                        if (ResolveData(name, source) is { } dataClass)
                        {
                            carried.Add(dataClass.Name);
                        }
                    }
                    break;
                case BandwidthClauseSyntax bw:
                    bandwidth = ExpectQuantity(bw.Value, source, "a flow's bandwidth", Dimension.Bandwidth) ?? 0;
                    if ((sourceExternal ?? targetExternal) is { } outside)
                    {
                        diagnostics.Add(DiagnosticCatalogue.RouteOnExternalFlow(Loc(source, bw), $"the bandwidth of flow '{item.Name.Text}'", outside.Name));
                    }
                    break;
                case PortClauseSyntax p:
                    port = ExpectInteger(p.Value, source, "a port", 1, 65535);
                    if (port is { } number && targetService is not null && !targetService.Ports.Contains(number))
                    {
                        diagnostics.Add(DiagnosticCatalogue.PortNotExposed(Loc(source, p.Value), item.Name.Text, number, targetService.Name));
                    }
                    break;
            }
        }
        var sourceName = sourceService?.Name ?? sourceExternal?.Name;
        var targetName = targetService?.Name ?? targetExternal?.Name;
        if (sourceName is null || targetName is null || (sourceExternal is not null && targetExternal is not null))
        {
            return;
        }
        // Levels are filled in by the information-flow analysis.
        var flow = new Flow(item.Name.Text, sourceName, targetName,
            carried.Select(d => new CarriedData(d, data[d].Rank, false)).ToImmutableArray(), bandwidth, port, location);
        (sourceExternal is null && targetExternal is null ? flows : externalFlows)[item.Name.Text] = flow;
    }

    private static string ClauseName(FlowClauseSyntax clause) => clause switch
    {
        CarriesClauseSyntax => "carries",
        BandwidthClauseSyntax => "bandwidth",
        _ => "port",
    };

    private void CheckIntentNames()
    {
        foreach (var program in programs)
        {
            foreach (var item in program.Items)
            {
                var (name, kind) = item switch
                {
                    IntentDeclSyntax i => (i.Name, "intent"),
                    ObjectiveDeclSyntax o => (o.Name, "objective"),
                    _ => (null, null),
                };
                if (name is null)
                {
                    continue;
                }
                var location = Loc(program.Source, name);
                if (intentNames.TryGetValue(name.Text, out var first))
                {
                    diagnostics.Add(DiagnosticCatalogue.DuplicateDeclaration(location, kind!, name.Text, first));
                }
                else
                {
                    intentNames[name.Text] = location;
                }
            }
        }
    }

    private void CheckKubernetesName(string name, SourceLocation location)
    {
        if (!KubernetesName().IsMatch(name))
        {
            diagnostics.Add(DiagnosticCatalogue.InvalidKubernetesName(location, name));
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex KubernetesName();

    // ---- name resolution ----

    private Service? ResolveService(NameSyntax name, SourceText source)
    {
        if (services.TryGetValue(name.Text, out var service))
        {
            return service;
        }
        diagnostics.Add(DiagnosticCatalogue.UnknownService(Loc(source, name), name.Text, Suggestions.Nearest(name.Text, services.Keys)));
        return null;
    }

    private DataClass? ResolveData(NameSyntax name, SourceText source)
    {
        if (data.TryGetValue(name.Text, out var dataClass))
        {
            return dataClass;
        }
        diagnostics.Add(DiagnosticCatalogue.UnknownData(Loc(source, name), name.Text, Suggestions.Nearest(name.Text, data.Keys)));
        return null;
    }

    // ---- literal typing ----

    private static string Describe(ValueSyntax value) => value.Kind switch
    {
        ValueKind.String => $"the string \"{value.Text}\"",
        ValueKind.Number => $"the number {value.Text}",
        ValueKind.Quantity => $"the quantity {value.Text}",
        ValueKind.Boolean => value.Text,
        _ => $"the name '{value.Text}'",
    };

    private string? ExpectText(ValueSyntax value, SourceText source, string what, bool allowName)
    {
        if (value.Kind == ValueKind.String || (allowName && value.Kind == ValueKind.Name))
        {
            return value.Text;
        }
        diagnostics.Add(DiagnosticCatalogue.WrongValueKind(Loc(source, value), what, allowName ? "a name or a string" : "a string", Describe(value)));
        return null;
    }

    private int? ExpectInteger(ValueSyntax value, SourceText source, string what, int min, int max)
    {
        if (value.Kind != ValueKind.Number)
        {
            diagnostics.Add(DiagnosticCatalogue.WrongValueKind(Loc(source, value), what, "a whole number", Describe(value)));
            return null;
        }
        if (!int.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            diagnostics.Add(DiagnosticCatalogue.ValueOutOfRange(Loc(source, value), what, value.Text, $"a whole number from {min} to {max}"));
            return null;
        }
        return number;
    }

    /// <summary>A quantity of the given dimension; plain numbers are cores for CPU and bytes for memory.</summary>
    private long? ExpectQuantity(ValueSyntax value, SourceText source, string what, Dimension dimension)
    {
        if (value.Kind is not (ValueKind.Quantity or ValueKind.Number))
        {
            diagnostics.Add(DiagnosticCatalogue.WrongValueKind(Loc(source, value), what, $"a {Units.DimensionName(dimension)} such as {Units.ExampleOf(dimension)}", Describe(value)));
            return null;
        }
        var error = Units.TryParse(value.Text, out var quantity, out var scalar, out var unit);
        switch (error)
        {
            case Units.ParseError.UnknownUnit:
                diagnostics.Add(DiagnosticCatalogue.UnknownUnit(Loc(source, value), value.Text, unit, Suggestions.Nearest(unit, Units.Suffixes)));
                return null;
            case Units.ParseError.Malformed:
            case Units.ParseError.OutOfRange:
                diagnostics.Add(DiagnosticCatalogue.ValueOutOfRange(Loc(source, value), what, value.Text, "a representable quantity"));
                return null;
        }
        if (quantity.Dimension == Dimension.Scalar && dimension is Dimension.Cpu or Dimension.Memory)
        {
            var (plain, plainError) = Units.FromPlainNumber(dimension, scalar);
            if (plainError != Units.ParseError.None)
            {
                diagnostics.Add(DiagnosticCatalogue.ValueOutOfRange(Loc(source, value), what, value.Text, "a representable quantity"));
                return null;
            }
            return plain.Value;
        }
        if (quantity.Dimension == Dimension.Scalar && dimension is Dimension.Latency or Dimension.Bandwidth)
        {
            diagnostics.Add(DiagnosticCatalogue.MissingUnit(Loc(source, value), what, dimension, value.Text));
            return null;
        }
        if (quantity.Dimension != dimension)
        {
            diagnostics.Add(DiagnosticCatalogue.UnitMismatch(Loc(source, value), what, Units.DimensionName(dimension), value.Text));
            return null;
        }
        return quantity.Value;
    }

    /// <summary>The 'clearance' property of a service or an external endpoint: its level and rank, the lowest when absent.</summary>
    private (string Name, int Rank) Clearance(IReadOnlyDictionary<string, PropertySyntax> properties, SourceText source)
    {
        var clearanceName = lattice.Levels[0];
        var clearanceRank = 0;
        if (properties.TryGetValue("clearance", out var clearanceProperty))
        {
            var value = clearanceProperty.Values[0];
            if (value.Kind is ValueKind.Name or ValueKind.String)
            {
                clearanceName = value.Text;
                clearanceRank = Math.Max(0, ResolveLevel(new NameSyntax(value.Text, value.Span), source));
            }
            else
            {
                diagnostics.Add(DiagnosticCatalogue.WrongValueKind(Loc(source, value), "'clearance'", "a sensitivity level", Describe(value)));
            }
        }
        return (clearanceName, clearanceRank);
    }
}
