using System.Text.Json;

namespace Privc.Verification.Decomposition;

/// <summary>
/// The replan part of <c>certificate/route-facts.json</c> (specs/encoding.md sections 15.1 and 17): the ports of every
/// directed link and the device of every node, so that a reference route's hops and ends can be looked up, and per
/// measured reference route its flow class, its nodes, its hops and whether privc judged it keepable. The disruption
/// bounds' constants rest on these verdicts; certify re-derives each one.
/// </summary>
internal static class ReferenceRoutesDocument
{
    public static void WriteNetwork(Utf8JsonWriter json, NetworkIndex index)
    {
        var byId = index.Topology.DirectedLinks.ToDictionary(l => l.Id);
        json.WriteStartArray("linkPorts");
        for (var l = 0; l < index.LinkCount; l++)
        {
            json.WriteStartArray();
            json.WriteNumberValue(byId[l].FromPort);
            json.WriteNumberValue(byId[l].ToPort);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteStartArray("nodes");
        foreach (var node in index.Topology.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            json.WriteStartArray();
            json.WriteStringValue(node.Name);
            json.WriteNumberValue(index.Device(node.Device));
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    public static void WriteRoutes(Utf8JsonWriter json, ReferenceRoutes references)
    {
        json.WriteStartArray("references");
        foreach (var route in references.Routes)
        {
            json.WriteStartObject();
            json.WriteString("flow", route.Flow);
            json.WriteNumber("class", references.ClassOf[route.Flow]);
            json.WriteString("source", route.SourceNode);
            json.WriteString("target", route.TargetNode);
            json.WriteStartArray("hops");
            foreach (var hop in route.Hops)
            {
                json.WriteStartArray();
                json.WriteStringValue(hop.From);
                json.WriteNumberValue(hop.FromPort);
                json.WriteStringValue(hop.To);
                json.WriteNumberValue(hop.ToPort);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteBoolean("keepable", references.Links(route.Flow, route.SourceNode, route.TargetNode) is not null);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
