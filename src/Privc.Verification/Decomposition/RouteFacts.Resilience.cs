using System.Collections.Immutable;

namespace Privc.Verification.Decomposition;

/// <summary>
/// One element whose failure a resilient route must survive (specs/semantics.md section 9): a device between the two
/// ends of a route, or a cable (both directions of one link fail together; <see cref="Id"/> is either direction).
/// </summary>
public readonly record struct FailedElement(bool IsDevice, int Id)
{
    public string Describe(NetworkIndex index) =>
        IsDevice ? $"device '{index.DeviceNames[Id]}'" : $"link {index.Link(Id).Link.DisplayName}";

    /// <summary>The element as certificates name it: a device name, or the cable as <c>A:p&lt;-&gt;B:q</c>.</summary>
    public string Name(NetworkIndex index) => IsDevice ? index.DeviceNames[Id] : index.Link(Id).Link.DisplayName;
}

/// <summary>
/// Whether a pair of devices has a route that survives every single failure (specs/encoding.md section 19):
/// <see cref="RouteStatus.Infeasible"/> with the element whose removal leaves no compliant route
/// (<see cref="ReducedClass"/> is the class condition without it), or Feasible, or Unknown when a search was cut short.
/// </summary>
public readonly record struct BackupAnswer(RouteStatus Status, int? ReducedClass, FailedElement? Failed);

public sealed partial class RouteFacts
{
    private readonly Dictionary<(int Class, int Source, int Target), BackupAnswer> backups = new();

    /// <summary>How many single failures every route must survive: 0 (none) or 1 (specs/semantics.md section 9).</summary>
    public int Resilience { get; }

    /// <summary>
    /// Whether every single device or cable failure between <paramref name="source"/> and <paramref name="target"/>
    /// leaves a compliant route of the class. The answer does not depend on which compliant route is the primary: an
    /// element whose removal leaves no compliant route (a critical element) lies on every compliant route, so it lies
    /// on the witness route too, and checking the witness's elements finds it; when none of them is critical, every
    /// compliant route survives each of its own failures. Only called for a pair with a compliant route.
    /// </summary>
    public BackupAnswer Backup(int classId, int source, int target)
    {
        if (source == target)
        {
            // A single-device route has no element between its ends; the ends themselves cannot be protected.
            return new BackupAnswer(RouteStatus.Feasible, null, null);
        }
        if (backups.TryGetValue((classId, source, target), out var known))
        {
            return known;
        }
        var primary = Decide(classId, source, target);
        var answer = primary.Status switch
        {
            RouteStatus.Infeasible => new BackupAnswer(RouteStatus.Infeasible, null, null),
            RouteStatus.Unknown => new BackupAnswer(RouteStatus.Unknown, null, null),
            _ => Survives(classId, source, target, primary.Links),
        };
        backups[(classId, source, target)] = answer;
        return answer;
    }

    private BackupAnswer Survives(int classId, int source, int target, ImmutableArray<int> witness)
    {
        var unknown = false;
        foreach (var failed in FailuresOn(witness))
        {
            var reduced = ClassOf(Without(classes[classId], failed));
            var status = Status(reduced, source, target);
            if (status == RouteStatus.Infeasible)
            {
                return new BackupAnswer(RouteStatus.Infeasible, reduced, failed);
            }
            unknown |= status == RouteStatus.Unknown;
        }
        return new BackupAnswer(unknown ? RouteStatus.Unknown : RouteStatus.Feasible, null, null);
    }

    /// <summary>The elements of a route whose failure it must survive: its inner devices, then its cables, in route order.</summary>
    public IEnumerable<FailedElement> FailuresOn(ImmutableArray<int> links)
    {
        for (var i = 0; i + 1 < links.Length; i++)
        {
            yield return new FailedElement(true, index.LinkTo[links[i]]);
        }
        foreach (var link in links)
        {
            yield return new FailedElement(false, link);
        }
    }

    /// <summary>A condition with one element removed: the device and every link touching it, or both directions of a cable.</summary>
    public RouteCondition Without(RouteCondition condition, FailedElement failed)
    {
        var devices = (bool[])condition.Devices.Clone();
        var links = (bool[])condition.Links.Clone();
        if (failed.IsDevice)
        {
            devices[failed.Id] = false;
            foreach (var link in index.Outgoing[failed.Id].Concat(index.Incoming[failed.Id]))
            {
                links[link] = false;
            }
        }
        else
        {
            links[failed.Id] = false;
            links[index.Reverse[failed.Id]] = false;
        }
        return new RouteCondition(devices, links, condition.MaxLatency, condition.MaxHops, condition.Chains, condition.Intents);
    }
}
