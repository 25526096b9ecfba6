using System.Globalization;
using System.Text;
using Privc.Text;
using Privc.Topology;
using Privc.Topology.Import;

namespace Privc.Tests.Import;

/// <summary>Small GraphML documents in Topology Zoo style for focused importer tests.</summary>
public static class GraphMlText
{
    public const string Keys = """
          <key attr.name="label" attr.type="string" for="node" id="k1" />
          <key attr.name="Country" attr.type="string" for="node" id="k2" />
          <key attr.name="Latitude" attr.type="double" for="node" id="k3" />
          <key attr.name="Longitude" attr.type="double" for="node" id="k4" />
          <key attr.name="hyperedge" attr.type="int" for="node" id="k5" />
          <key attr.name="Internal" attr.type="int" for="node" id="k6" />
          <key attr.name="LinkSpeedRaw" attr.type="double" for="edge" id="k7" />
        """;

    public static string Network(IEnumerable<string> nodes, IEnumerable<string> edges, string keys = Keys, string edgeDefault = "undirected", string extra = "") =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
        {keys}
          <graph edgedefault="{edgeDefault}">
        {string.Join("\n", nodes)}
        {string.Join("\n", edges)}
        {extra}
          </graph>
        </graphml>
        """;

    public static string Node(string id, string? label, string? country = "Germany", double? lat = 50.0, double? lon = 8.0, bool junction = false, string? extra = null)
    {
        var text = new StringBuilder($"    <node id=\"{id}\">");
        void Data(string key, string value) => text.Append($"<data key=\"{key}\">{value}</data>");
        if (label is not null)
        {
            Data("k1", label);
        }
        if (country is not null)
        {
            Data("k2", country);
        }
        if (lat is { } la)
        {
            Data("k3", la.ToString(CultureInfo.InvariantCulture));
        }
        if (lon is { } lo)
        {
            Data("k4", lo.ToString(CultureInfo.InvariantCulture));
        }
        if (junction)
        {
            Data("k5", "1");
        }
        text.Append(extra).Append("</node>");
        return text.ToString();
    }

    public static string Edge(string source, string target, string? speed = null, string? extra = null) =>
        $"    <edge source=\"{source}\" target=\"{target}\">{(speed is null ? string.Empty : $"<data key=\"k7\">{speed}</data>")}{extra}</edge>";

    /// <summary>Three German PoPs in a line: a - b - c.</summary>
    public static string Line() => Network(
        [Node("0", "Alpha", lat: 50.0, lon: 8.0), Node("1", "Beta", lat: 51.0, lon: 9.0), Node("2", "Gamma", lat: 52.0, lon: 10.0)],
        [Edge("0", "1"), Edge("1", "2")]);

    public static ImportResult Convert(string text, ImportOptions? options = null) =>
        GraphMlImporter.Import(new SourceText("test.graphml", text), options ?? ImportOptions.Default);

    public static ImportResult ConvertOk(string text, ImportOptions? options = null)
    {
        var result = Convert(text, options);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result;
    }

    public static TopologyModel Load(ImportResult result)
    {
        var loaded = TopologyLoader.Load(new SourceText("imported.yaml", TopologyWriter.Write(result.Document!, result.Header)));
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        return loaded.Topology!;
    }
}
