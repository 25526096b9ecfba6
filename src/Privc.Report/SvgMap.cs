using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Report;

/// <summary>
/// Draws the topology as SVG: links, every route of the configuration as its own polyline (slightly offset so
/// routes over one link stay apart), devices as squares, nodes as circles filled by the value of a node label, with
/// the services placed on each node written under it. Every element carries its map key (<c>data-el</c>) and a
/// text alternative (<c>title</c>); the core's badges (which intent allows which node) are drawn per conflict.
/// </summary>
internal static class SvgMap
{
    /// <summary>Okabe and Ito's palette: distinguishable with every common form of colour blindness.</summary>
    public static readonly ImmutableArray<string> Palette = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"];

    public static void Write(StringBuilder html, ReportInput input, MapLayout layout, MapIndex map, string colourKey, ImmutableArray<CoreConflict> conflicts)
    {
        var topology = input.Topology;
        var placed = input.Program.Services
            .SelectMany(s => map.NodesOf(s.Name).Select(n => (Node: n, Service: s.Name)))
            .ToLookup(p => p.Node, p => p.Service, StringComparer.Ordinal);
        html.Append(CultureInfo.InvariantCulture, $"<svg id=\"map\" viewBox=\"0 0 {MapLayout.Width} {MapLayout.Height}\" role=\"group\" aria-labelledby=\"map-title map-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        html.Append("<title id=\"map-title\">Topology map of ").Append(Html.Text(topology.Name)).Append("</title>\n");
        html.Append(CultureInfo.InvariantCulture, $"<desc id=\"map-desc\">{topology.Devices.Length} devices (squares), {topology.Nodes.Length} compute nodes (circles, filled by their {Html.Text(colourKey)}), {topology.Links.Length} links (grey lines) and {map.Routes.Length} routes (coloured lines). The tables below the map say the same in text.</desc>\n");
        html.Append("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" stroke-width=\"2\"/></pattern></defs>\n");

        html.Append("<g id=\"links\">\n");
        foreach (var link in topology.Links)
        {
            if (!layout.Devices.TryGetValue(link.DeviceA, out var a) || !layout.Devices.TryGetValue(link.DeviceB, out var b))
            {
                continue;
            }
            html.Append(CultureInfo.InvariantCulture, $"<line class=\"link\" data-el=\"{Evidence.Link(link.Index)}\" x1=\"{a.X:0.#}\" y1=\"{a.Y:0.#}\" x2=\"{b.X:0.#}\" y2=\"{b.Y:0.#}\"><title>link {Html.Text(link.DisplayName)}: {Units.FormatMillis(link.LatencyMicros)}, {Html.Text(Units.Format(new Quantity(Dimension.Bandwidth, link.BandwidthBps)))}{Html.Text(Labels(link.Labels))}</title></line>\n");
        }
        html.Append("</g>\n<g id=\"attachments\">\n");
        foreach (var node in topology.Nodes)
        {
            if (layout.Nodes.TryGetValue(node.Name, out var n) && layout.Devices.TryGetValue(node.Device, out var d))
            {
                html.Append(CultureInfo.InvariantCulture, $"<line class=\"attach\" x1=\"{n.X:0.#}\" y1=\"{n.Y:0.#}\" x2=\"{d.X:0.#}\" y2=\"{d.Y:0.#}\"/>\n");
            }
        }
        html.Append("</g>\n<g id=\"routes\">\n");
        var flowColour = input.Program.Flows.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => Palette[p.i % (Palette.Length - 1)], StringComparer.Ordinal);
        foreach (var route in map.Routes)
        {
            var points = RoutePoints(route, layout);
            var offset = ((route.Index % 5) - 2) * 2.5;
            var colour = flowColour.GetValueOrDefault(route.Route.Flow, "#000000");
            var dash = (route.Index % 3) switch { 0 => string.Empty, 1 => " stroke-dasharray=\"10 4\"", _ => " stroke-dasharray=\"3 3\"" };
            html.Append(CultureInfo.InvariantCulture, $"<polyline class=\"route\" data-el=\"{Evidence.Route(route.Index)}\" data-flow=\"{Html.Attr(route.Route.Flow)}\" stroke=\"{colour}\"{dash} transform=\"translate({offset:0.#},{offset:0.#})\" points=\"{string.Join(" ", points.Select(p => p.Svg))}\">");
            html.Append("<title>route of ").Append(Html.Text(route.Route.Flow)).Append(": ").Append(Html.Text(RouteText(route))).Append("</title></polyline>\n");
        }
        html.Append("</g>\n<g id=\"devices\">\n");
        foreach (var device in topology.Devices.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var p = layout.Devices[device.Name];
            html.Append(CultureInfo.InvariantCulture, $"<g class=\"device\" data-el=\"{Evidence.Device(device.Name)}\" role=\"img\" aria-label=\"device {Html.Attr(device.Name)}{Html.Attr(Labels(device.Labels))}\">");
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{p.X - 9:0.#}\" y=\"{p.Y - 9:0.#}\" width=\"18\" height=\"18\" rx=\"2\"/>");
            html.Append(CultureInfo.InvariantCulture, $"<text class=\"device-name\" x=\"{p.X:0.#}\" y=\"{p.Y + 4:0.#}\">{Html.Text(device.Name)}</text>");
            html.Append("<title>device ").Append(Html.Text(device.Name)).Append(" (").Append(Html.Text(device.Id)).Append(')').Append(Html.Text(Labels(device.Labels))).Append("</title></g>\n");
        }
        html.Append("</g>\n<g id=\"nodes\">\n");
        var values = NodeValues(topology, colourKey);
        foreach (var node in topology.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (!layout.Nodes.TryGetValue(node.Name, out var p))
            {
                continue;
            }
            var services = placed[node.Name].Order(StringComparer.Ordinal).ToList();
            var value = node.Labels.GetValueOrDefault(colourKey);
            var fill = value is null ? "#FFFFFF" : Palette[values.IndexOf(value) % Palette.Length];
            html.Append(CultureInfo.InvariantCulture, $"<g class=\"node{(services.Count > 0 ? " placed" : string.Empty)}\" data-el=\"{Evidence.Node(node.Name)}\" role=\"img\" aria-label=\"node {Html.Attr(node.Name)} on {Html.Attr(node.Device)}; {(services.Count == 0 ? "no replica" : "runs " + Html.Attr(string.Join(", ", services)))}{Html.Attr(Labels(node.Labels))}\">");
            html.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{p.X:0.#}\" cy=\"{p.Y:0.#}\" r=\"8\" fill=\"{fill}\"/>");
            html.Append(CultureInfo.InvariantCulture, $"<text class=\"node-name\" x=\"{p.X:0.#}\" y=\"{p.Y + 19:0.#}\">{Html.Text(node.Name)}</text>");
            if (services.Count > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<text class=\"replicas\" x=\"{p.X:0.#}\" y=\"{p.Y + 29:0.#}\">{Html.Text(string.Join(", ", services))}</text>");
            }
            html.Append("<title>node ").Append(Html.Text(node.Name)).Append(" on ").Append(Html.Text(node.Device)).Append(": ")
                .Append(services.Count == 0 ? "no replica" : "runs " + Html.Text(string.Join(", ", services))).Append(Html.Text(Labels(node.Labels))).Append("</title></g>\n");
        }
        html.Append("</g>\n");
        foreach (var conflict in conflicts.Where(c => c.Allowances.Length > 0))
        {
            html.Append("<g class=\"badges\" data-for=\"").Append(Html.Attr(conflict.Item)).Append("\">\n");
            foreach (var node in topology.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                var allowing = conflict.Allowances.Where(a => a.Nodes.Contains(node.Name)).ToList();
                if (allowing.Count == 0 || !layout.Nodes.TryGetValue(node.Name, out var p))
                {
                    continue;
                }
                for (var i = 0; i < allowing.Count; i++)
                {
                    var (x, y) = (p.X + 11 + (i * 13), p.Y - 12);
                    html.Append(CultureInfo.InvariantCulture, $"<g class=\"badge\" data-core-intent=\"{Html.Attr(allowing[i].Intent.Name)}\"><circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"6.5\"/><text x=\"{x:0.#}\" y=\"{y + 3.5:0.#}\">{allowing[i].Badge}</text><title>{Html.Text(allowing[i].Intent.Name)} allows {Html.Text(node.Name)}</title></g>");
                }
                html.Append('\n');
            }
            html.Append("</g>\n");
        }
        html.Append("</svg>\n");
    }

    /// <summary>The distinct values of a node label, sorted: a value's colour is the palette entry at its position.</summary>
    public static ImmutableArray<string> NodeValues(TopologyModel topology, string key) =>
        topology.Nodes.Select(n => n.Labels.GetValueOrDefault(key)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();

    public static string RouteText(MapRoute route) =>
        $"{route.Route.SourceNode} => {route.Route.TargetNode}: {(route.Route.Devices.IsEmpty ? "(same node)" : string.Join(" -> ", route.Route.Devices))}, {Units.FormatMillis(route.LatencyMicros)}";

    private static List<MapPoint> RoutePoints(MapRoute route, MapLayout layout)
    {
        var points = new List<MapPoint>();
        if (layout.Nodes.TryGetValue(route.Route.SourceNode, out var source))
        {
            points.Add(source);
        }
        points.AddRange(route.Route.Devices.Select(d => layout.Devices.TryGetValue(d, out var p) ? (MapPoint?)p : null).OfType<MapPoint>());
        if (layout.Nodes.TryGetValue(route.Route.TargetNode, out var target))
        {
            points.Add(target);
        }
        if (points.Count == 1)
        {
            // A route between replicas on one node: a small loop beside the node, so it can still be seen and selected.
            var p = points[0];
            points = [new(p.X - 10, p.Y), new(p.X - 16, p.Y - 8), new(p.X - 6, p.Y - 12), new(p.X - 1, p.Y - 8)];
        }
        return points;
    }

    private static string Labels(ImmutableSortedDictionary<string, string> labels) =>
        labels.Count == 0 ? string.Empty : "; " + string.Join(", ", labels.Select(l => $"{l.Key} = {l.Value}"));
}
