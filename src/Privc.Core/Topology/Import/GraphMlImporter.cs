using System.Collections.Immutable;
using System.Globalization;
using Privc.Diagnostics;
using Privc.Text;
using Privc.TypeSystem;

namespace Privc.Topology.Import;

/// <summary>
/// Converts an Internet Topology Zoo network (GraphML) into a privc topology: one device per GraphML node, one
/// full-duplex link per edge with great-circle latency, and compute nodes of the requested tiers at every point of
/// presence. specs/topology-import.md gives the mapping and what happens with every data problem; each problem met
/// is reported as a PRIV6xxx diagnostic and counted in <see cref="ImportStatistics"/>.
/// </summary>
public static class GraphMlImporter
{
    /// <summary>The IP scheme gives each PoP a /24 below 10.0.0.0/8 numbered from 1, so at most 65,535 PoPs.</summary>
    public const int MaxNodes = 65_535;

    public static ImportResult Import(SourceText source, ImportOptions options)
    {
        var read = GraphMlReader.Read(source);
        if (read.Graph is null)
        {
            return new ImportResult(null, read.Diagnostics, null, []);
        }
        var run = new ImportRun(source, read.Graph, options);
        run.Diagnostics.AddRange(read.Diagnostics);
        var (document, statistics) = run.Build();
        var diagnostics = run.Diagnostics.ToSortedArray();
        if (run.Diagnostics.HasErrors)
        {
            return new ImportResult(null, diagnostics, null, []);
        }
        var file = Path.GetFileName(source.Path);
        ImmutableArray<string> header =
        [
            $"Imported by 'privc topology import' from {file}; do not edit by hand, re-run the import instead.",
            "Data: the Internet Topology Zoo, CC BY 4.0 (Knight et al., \"The Internet Topology Zoo\", IEEE JSAC 29(9), 2011).",
            "Link latency is the great-circle distance at 5us/km (a lower bound); see specs/topology-import.md.",
        ];
        return new ImportResult(document, diagnostics, statistics, header);
    }

    /// <summary>One GraphML node as the importer understands it.</summary>
    private sealed record Pop(int Index, GraphMlNode Node, string? Label, bool Junction, GeoPoint? Position, string? Country, bool? Internal)
    {
        public string Name { get; set; } = string.Empty;

        public string Describe() => Label is null ? $"node {Node.Id}" : $"node '{Label}' (GraphML id {Node.Id})";
    }

    private sealed record Edge(int A, int B, GraphMlEdge Source);

    private sealed class ImportRun
    {
        private readonly SourceText source;
        private readonly GraphMlGraph graph;
        private readonly ImportOptions options;

        public ImportRun(SourceText source, GraphMlGraph graph, ImportOptions options)
        {
            this.source = source;
            this.graph = graph;
            this.options = options;
        }

        public DiagnosticBag Diagnostics { get; } = new();

        public (TopologyDocument? Document, ImportStatistics? Statistics) Build()
        {
            if (graph.Nodes.IsEmpty)
            {
                Diagnostics.Add(DiagnosticCatalogue.ImportUnsupportedNetwork(graph.Location, "the graph has no nodes"));
                return (null, null);
            }
            if (graph.Nodes.Length > MaxNodes)
            {
                Diagnostics.Add(DiagnosticCatalogue.ImportUnsupportedNetwork(graph.Location,
                    $"it has {graph.Nodes.Length} nodes; the address plan (one /24 per node in 10.0.0.0/8) allows at most {MaxNodes}"));
                return (null, null);
            }
            ReportKeyResolution();
            var pops = graph.Nodes.Select(ReadPop).ToList();
            if (pops.All(p => p.Junction))
            {
                Diagnostics.Add(DiagnosticCatalogue.ImportUnsupportedNetwork(graph.Location, "every node is a junction (hyperedge=1), so there is no site for compute nodes"));
                return (null, null);
            }
            // Compute nodes only at the network's own PoPs unless asked: GraphML marks peers, exchanges and other
            // networks Internal=0, and a workload placed there would run on someone else's equipment. A PoP without the
            // attribute counts as internal (the Zoo marks external peers explicitly).
            var external = pops.Where(p => !p.Junction && p.Internal == false).ToList();
            var sites = pops.Where(p => !p.Junction && (options.ComputeOnExternal || p.Internal != false)).ToList();
            if (sites.Count == 0)
            {
                Diagnostics.Add(DiagnosticCatalogue.ImportUnsupportedNetwork(graph.Location,
                    "every point of presence is external (Internal=0), so there is no site of the network's own for compute nodes; pass --compute-on external to create them at external PoPs"));
                return (null, null);
            }
            var renamed = DeviceNaming.Assign(pops.Select(p => (p.Label, p.Junction, p.Node.Id)).ToList(), out var names, out var reasons);
            foreach (var pop in pops)
            {
                pop.Name = names[pop.Index];
                if (reasons[pop.Index] is { } reason)
                {
                    Diagnostics.Add(DiagnosticCatalogue.ImportNodeRenamed(pop.Node.Location, pop.Describe(), pop.Name, reason));
                }
            }
            foreach (var pop in pops.Where(p => p.Junction))
            {
                Diagnostics.Add(DiagnosticCatalogue.ImportJunction(pop.Node.Location, pop.Describe(), pop.Name));
            }
            if (!options.ComputeOnExternal && external.Count > 0)
            {
                var examples = string.Join(", ", external.Take(5).Select(p => $"'{p.Name}'")) + (external.Count > 5 ? ", ..." : string.Empty);
                Diagnostics.Add(DiagnosticCatalogue.ImportExternalPeers(external[0].Node.Location, external.Count, examples));
            }
            var noCountry = 0;
            var unknownCountry = 0;
            foreach (var pop in pops)
            {
                if (pop.Country is not null)
                {
                    continue;
                }
                if (pop.Node.Data.GetValueOrDefault("Country") is { Length: > 0 } country)
                {
                    unknownCountry++;
                    Diagnostics.Add(DiagnosticCatalogue.ImportUnknownCountry(pop.Node.Location, pop.Describe(), country, Suggestions.Nearest(country, Jurisdictions.KnownNames)));
                }
                else
                {
                    noCountry++;
                    Diagnostics.Add(DiagnosticCatalogue.ImportNoCountry(pop.Node.Location, pop.Describe()));
                }
            }

            var edges = ReadEdges(pops, out var selfLoops, out var parallel, out var directed);
            var latency = new LatencyEstimator(pops.Select(p => p.Position).ToList(), edges.Select(e => (e.A, e.B)).ToList());
            foreach (var pop in pops.Where(p => p.Position is null))
            {
                Diagnostics.Add(DiagnosticCatalogue.ImportNoCoordinates(pop.Node.Location, pop.Describe(), latency.Explain(pop.Index, i => pops[i].Name)));
            }

            var ports = new int[pops.Count];
            var links = ImmutableArray.CreateBuilder<LinkEntry>(edges.Count);
            var defaultBandwidth = 0;
            for (var i = 0; i < edges.Count; i++)
            {
                var edge = edges[i];
                var bandwidth = Bandwidth(edge.Source);
                if (bandwidth is null)
                {
                    defaultBandwidth++;
                }
                links.Add(new LinkEntry(pops[edge.A].Name, ++ports[edge.A], pops[edge.B].Name, ++ports[edge.B],
                    latency.LinkLatency(i), bandwidth ?? options.DefaultBandwidthBps, ImmutableSortedDictionary<string, string>.Empty));
            }
            if (defaultBandwidth > 0)
            {
                Diagnostics.Add(DiagnosticCatalogue.ImportDefaultBandwidth(graph.Location, defaultBandwidth, edges.Count,
                    Units.Format(new Quantity(Dimension.Bandwidth, options.DefaultBandwidthBps))));
            }

            var devices = pops.Select(p => new DeviceEntry(DeviceId(p.Index), p.Name, DeviceLabels(p))).ToImmutableArray();
            var nodes = ImmutableArray.CreateBuilder<NodeEntry>();
            var nodeNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pop in sites)
            {
                for (var t = 0; t < options.Tiers.Length; t++)
                {
                    var tier = options.Tiers[t];
                    var ordinal = 1;
                    while (!nodeNames.Add($"{pop.Name}-{tier.Name}-{ordinal}"))
                    {
                        ordinal++;
                    }
                    nodes.Add(new NodeEntry($"{pop.Name}-{tier.Name}-{ordinal}", NodeLabels(pop, tier.Name), tier.CpuMillis, tier.MemoryBytes, tier.Cost,
                        Address(pop.Index, t), pop.Name, ++ports[pop.Index]));
                }
            }

            var components = Components(pops, edges);
            var name = options.Name ?? (PrivcNames.Slug(Path.GetFileNameWithoutExtension(source.Path)) is { Length: > 0 } stem ? stem : "imported");
            var document = new TopologyDocument(name, ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty, devices, nodes.ToImmutable(), links.ToImmutable());
            var statistics = new ImportStatistics(
                Devices: devices.Length,
                Links: links.Count,
                Nodes: nodes.Count,
                NoCoordinates: pops.Count(p => p.Position is null),
                PositionsEstimated: latency.EstimatedPositions,
                LinksWithEstimatedLatency: latency.EstimatedLinks,
                NoCountry: noCountry,
                UnknownCountry: unknownCountry,
                Junctions: pops.Count(p => p.Junction),
                ExternalWithoutCompute: options.ComputeOnExternal ? 0 : external.Count,
                ParallelEdges: parallel,
                SelfLoops: selfLoops,
                DirectedEdges: directed,
                DefaultBandwidthLinks: defaultBandwidth,
                RenamedNodes: renamed,
                Components: components);
            return (document, statistics);
        }

        private void ReportKeyResolution()
        {
            string[] nodeAttributes = ["label", "Country", "Latitude", "Longitude", "Internal", "hyperedge"];
            var used = graph.Keys
                .Where(k => (k.Domain is "node" or "all" && nodeAttributes.Contains(k.Name)) || (k.Domain is "edge" or "all" && k.Name == "LinkSpeedRaw"))
                .GroupBy(k => (k.Domain, k.Name))
                .Select(g => g.First())
                .OrderBy(k => k.Domain, StringComparer.Ordinal).ThenBy(k => k.Name, StringComparer.Ordinal)
                .Select(k => $"{k.Domain} {k.Name} = {k.Id}")
                .ToList();
            var mapping = used.Count == 0 ? "none of label, Country, Latitude, Longitude, Internal, hyperedge or LinkSpeedRaw is declared" : string.Join(", ", used);
            Diagnostics.Add(DiagnosticCatalogue.ImportAttributesByName(graph.Location, mapping));
        }

        private Pop ReadPop(GraphMlNode node, int index)
        {
            var label = node.Data.GetValueOrDefault("label");
            // Topology Zoo writes the label "None" for nodes it could not name (mostly junctions).
            if (string.IsNullOrWhiteSpace(label) || label == "None")
            {
                label = null;
            }
            var junction = Flag(node, "hyperedge") ?? false;
            var latitude = Coordinate(node, "Latitude", 90);
            var longitude = Coordinate(node, "Longitude", 180);
            GeoPoint? position = latitude is { } lat && longitude is { } lon ? new GeoPoint(lat, lon) : null;
            var countryName = node.Data.GetValueOrDefault("Country");
            var country = string.IsNullOrWhiteSpace(countryName) ? null : Jurisdictions.CodeOf(countryName);
            return new Pop(index, node, label, junction, position, country, Flag(node, "Internal"));
        }

        private bool? Flag(GraphMlNode node, string key)
        {
            if (!node.Data.TryGetValue(key, out var text))
            {
                return null;
            }
            switch (text)
            {
                case "1" or "true" or "True":
                    return true;
                case "0" or "false" or "False":
                    return false;
                default:
                    Diagnostics.Add(DiagnosticCatalogue.ImportBadValue(node.Location, $"{key} '{text}' of node {node.Id}", "is not 0 or 1"));
                    return null;
            }
        }

        private double? Coordinate(GraphMlNode node, string key, double limit)
        {
            if (!node.Data.TryGetValue(key, out var text))
            {
                return null;
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && Math.Abs(value) <= limit)
            {
                return value;
            }
            Diagnostics.Add(DiagnosticCatalogue.ImportBadValue(node.Location, $"{key} '{text}' of node {node.Id}", $"is not a number between -{limit} and {limit}"));
            return null;
        }

        private long? Bandwidth(GraphMlEdge edge)
        {
            if (!edge.Data.TryGetValue("LinkSpeedRaw", out var text))
            {
                return null;
            }
            // At most 1 Pbit/s: far beyond any real link, and far from overflowing the loader's arithmetic.
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bps) && double.IsFinite(bps) && bps >= 1 && bps <= 1e15)
            {
                return (long)Math.Round(bps, MidpointRounding.AwayFromZero);
            }
            Diagnostics.Add(DiagnosticCatalogue.ImportBadValue(edge.Location, $"LinkSpeedRaw '{text}'", "is not a speed in bits per second (1 to 1e15)"));
            return null;
        }

        private List<Edge> ReadEdges(List<Pop> pops, out int selfLoops, out int parallel, out int directed)
        {
            var index = pops.ToDictionary(p => p.Node.Id, p => p.Index, StringComparer.Ordinal);
            var seen = new Dictionary<(int, int), int>();
            var edges = new List<Edge>();
            selfLoops = parallel = directed = 0;
            GraphMlEdge? firstDirected = null;
            foreach (var edge in graph.Edges)
            {
                var a = index[edge.Source];
                var b = index[edge.Target];
                if (edge.Directed)
                {
                    directed++;
                    firstDirected ??= edge;
                }
                if (a == b)
                {
                    selfLoops++;
                    Diagnostics.Add(DiagnosticCatalogue.ImportSelfLoop(edge.Location, pops[a].Name));
                    continue;
                }
                var pair = (Math.Min(a, b), Math.Max(a, b));
                var count = seen[pair] = seen.GetValueOrDefault(pair) + 1;
                if (count > 1)
                {
                    parallel++;
                    Diagnostics.Add(DiagnosticCatalogue.ImportParallelEdge(edge.Location, pops[pair.Item1].Name, pops[pair.Item2].Name, count));
                }
                edges.Add(new Edge(a, b, edge));
            }
            if (firstDirected is not null)
            {
                Diagnostics.Add(DiagnosticCatalogue.ImportDirected(firstDirected.Location, directed));
            }
            return edges;
        }

        private int Components(List<Pop> pops, List<Edge> edges)
        {
            var parent = Enumerable.Range(0, pops.Count).ToArray();
            int Find(int x)
            {
                while (parent[x] != x)
                {
                    parent[x] = parent[parent[x]];
                    x = parent[x];
                }
                return x;
            }
            foreach (var edge in edges)
            {
                parent[Find(edge.A)] = Find(edge.B);
            }
            var roots = pops.Select(p => Find(p.Index)).ToList();
            var components = roots.Distinct().Count();
            if (components > 1)
            {
                var cut = pops.First(p => roots[p.Index] != roots[0]);
                Diagnostics.Add(DiagnosticCatalogue.ImportDisconnected(cut.Node.Location, components, cut.Name));
            }
            return components;
        }

        private static ImmutableSortedDictionary<string, string> DeviceLabels(Pop pop)
        {
            var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            labels["site"] = pop.Name;
            AddCountry(labels, pop.Country);
            if (pop.Internal is { } isInternal)
            {
                labels["internal"] = isInternal ? "true" : "false";
            }
            if (pop.Junction)
            {
                labels["junction"] = "true";
            }
            return labels.ToImmutable();
        }

        private static ImmutableSortedDictionary<string, string> NodeLabels(Pop pop, string tier)
        {
            var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            labels["site"] = pop.Name;
            labels["tier"] = tier;
            AddCountry(labels, pop.Country);
            if (pop.Internal is { } isInternal)
            {
                labels["internal"] = isInternal ? "true" : "false";
            }
            return labels.ToImmutable();
        }

        private static void AddCountry(ImmutableSortedDictionary<string, string>.Builder labels, string? country)
        {
            if (country is null)
            {
                return;
            }
            labels["country"] = country;
            labels["jurisdiction"] = country;
            labels["eu"] = Jurisdictions.IsEu(country) ? "true" : "false";
        }

        /// <summary>ONOS-style datapath id from the GraphML node order: the first node is of:0000000000000001.</summary>
        private static string DeviceId(int index) => "of:" + (index + 1L).ToString("x16", CultureInfo.InvariantCulture);

        /// <summary>
        /// Node k (1-based GraphML order) owns 10.(k / 256).(k % 256).0/24; the node of the t-th tier (1-based, in
        /// --tiers order) at that PoP is host t. Unique, never .0 or .255, stable when tiers are appended.
        /// </summary>
        private static string Address(int index, int tier)
        {
            var k = index + 1;
            return string.Create(CultureInfo.InvariantCulture, $"10.{k >> 8}.{k & 255}.{tier + 1}");
        }
    }
}
