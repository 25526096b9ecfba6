using System.Collections.Immutable;
using Privc.Artifacts.Kubernetes;
using Privc.Checking;
using Privc.Text;

namespace Privc.Artifacts.Checking;

/// <summary>
/// Where in the artifacts a violation of the checker comes from, read off its witness: the workloads that put a
/// service's replicas on the node named, the NetworkPolicy rules that allow a flow, and the flow rules file for a
/// route. The checker judges a configuration and knows no files; this ties its witness back to them.
/// </summary>
internal static class ViolationLocator
{
    public static ImmutableArray<SourceLocation> Locate(Violation violation, KubernetesReading reading, SourceText? flows)
    {
        var w = violation.Witness;
        var at = new SortedSet<SourceLocation>();
        if (violation.Intent == StructuralCondition.Isolation && w.Service is { } source && w.OtherService is { } target)
        {
            int? port = int.TryParse(w.Port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : null;
            foreach (var flow in new[] { new AllowedFlow(source, target, port), new AllowedFlow(source, target, null) })
            {
                if (reading.AllowedBy.TryGetValue(flow, out var rules))
                {
                    at.UnionWith(rules);
                }
            }
            if (at.Count == 0)
            {
                // Not allowed where it should be: the policies of either end are at fault.
                at.UnionWith(Workloads(reading, source, null).Concat(Workloads(reading, target, null)));
            }
            return [.. at];
        }
        if (w.Flow is not null && (w.SourceNode is not null || !w.DevicePath.IsDefaultOrEmpty || w.Device is not null || w.Link is not null) && flows is not null)
        {
            at.Add(new SourceLocation(flows, new TextSpan(0, 0)));
        }
        if (w.Service is { } service)
        {
            at.UnionWith(Workloads(reading, service, w.Node));
        }
        if (w.OtherService is { } other && violation.Intent != StructuralCondition.Isolation)
        {
            at.UnionWith(Workloads(reading, other, w.OtherNode));
        }
        return [.. at];
    }

    /// <summary>The workloads that run the service, only those that may put a replica on the node when one is named.</summary>
    private static IEnumerable<SourceLocation> Workloads(KubernetesReading reading, string service, string? node) =>
        reading.Sources.TryGetValue(service, out var sources)
            ? sources.Where(s => node is null || s.Nodes.Contains(node)).Select(s => s.Location)
            : [];
}
