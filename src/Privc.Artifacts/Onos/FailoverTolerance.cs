using Privc.Checking;
using Privc.Topology;

namespace Privc.Artifacts.Onos;

/// <summary>
/// Which lost packets compile's self-check accepts in a resilient plan's failure cases (specs/onos.md, "Fast-failover
/// groups"): those of a flow on a failure the failover planner reported it cannot bypass (PRIV4020), per (flow,
/// failure). A flow warned about for one failure that loses packets on another is still a privc bug.
/// </summary>
internal static class FailoverTolerance
{
    /// <summary>One failure case of one flow: a device (by name) or a cable (by its display name) fails.</summary>
    public sealed record Failure(string Flow, string Element) : IComparable<Failure>
    {
        public static Failure OfDevice(string flow, string device) => new(flow, "device " + device);

        public static Failure OfCable(string flow, NetworkLink cable) => new(flow, "cable " + cable.DisplayName);

        public int CompareTo(Failure? other) =>
            other is null ? 1 : string.CompareOrdinal(Flow, other.Flow) is var c and not 0 ? c : string.CompareOrdinal(Element, other.Element);
    }

    /// <summary>
    /// Whether the violation is a failure case's lost packets (<see cref="FailoverTracer.Condition"/>, MissingRoute)
    /// on a failure the planner warned about for that flow. The failure tracer names a cable failure in the witness's
    /// link and a device failure in its device.
    /// </summary>
    public static bool Tolerated(Violation violation, IReadOnlyCollection<Failure> unprotected) =>
        violation.Intent == FailoverTracer.Condition && violation.Kind == ViolationKind.MissingRoute && violation.Witness.Flow is { } flow
        && (violation.Witness.Link is { } cable ? unprotected.Contains(new Failure(flow, "cable " + cable))
            : violation.Witness.Device is { } device && unprotected.Contains(Failure.OfDevice(flow, device)));
}
