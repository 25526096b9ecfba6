using System.Xml.Linq;
using Privc.Parsing;
using Privc.Tests.Infrastructure;
using Privc.Text;
using Privc.Topology;
using Privc.Topology.Import;

namespace Privc.Tests.Import;

/// <summary>The bundled Topology Zoo networks and an independent (LINQ to XML) reading of their basic counts.</summary>
public static class ZooFiles
{
    public static string Folder => Path.Combine(TestPaths.SharedData, "topologyzoo");

    /// <summary>Every .graphml file in the shared data, as xunit theory data.</summary>
    public static TheoryData<string> All
    {
        get
        {
            Assert.True(Directory.Exists(Folder), $"the Topology Zoo data is missing at {Folder}");
            var data = new TheoryData<string>();
            foreach (var file in Directory.GetFiles(Folder, "*.graphml").Select(Path.GetFileName).Order(StringComparer.Ordinal))
            {
                data.Add(file!);
            }
            return data;
        }
    }

    public static SourceText Source(string file)
    {
        var (source, error) = SourceReader.ReadFile(Path.Combine(Folder, file));
        Assert.True(source is not null, error?.ToString());
        return source!;
    }

    public static ImportResult Import(string file, params string[] tiers)
    {
        var options = tiers.Length == 0
            ? ImportOptions.Default
            : ImportOptions.Default with { Tiers = [.. tiers.Select(t => ImportOptions.BuiltInTier(t)!)] };
        var result = GraphMlImporter.Import(Source(file), options);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result;
    }

    public static TopologyModel Load(ImportResult result, string path = "imported.yaml")
    {
        var loaded = TopologyLoader.Load(new SourceText(path, TopologyWriter.Write(result.Document!, result.Header)));
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        Assert.DoesNotContain(loaded.Diagnostics, d => d.IsError);
        return loaded.Topology!;
    }

    /// <summary>Node count, edge count, self-loops and junctions, read without privc's GraphML reader.</summary>
    public static (int Nodes, int Edges, int SelfLoops, int Junctions) Counts(string file)
    {
        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        var document = XDocument.Load(Path.Combine(Folder, file));
        var hyperedgeKeys = document.Root!.Elements(ns + "key")
            .Where(k => (string?)k.Attribute("attr.name") == "hyperedge")
            .Select(k => (string)k.Attribute("id")!)
            .ToHashSet();
        var graph = document.Root.Element(ns + "graph")!;
        var nodes = graph.Elements(ns + "node").ToList();
        var edges = graph.Elements(ns + "edge").ToList();
        var junctions = nodes.Count(n => n.Elements(ns + "data").Any(d => hyperedgeKeys.Contains((string)d.Attribute("key")!) && d.Value.Trim() == "1"));
        var selfLoops = edges.Count(e => (string?)e.Attribute("source") == (string?)e.Attribute("target"));
        return (nodes.Count, edges.Count, selfLoops, junctions);
    }
}
