using System.Collections.Immutable;

namespace Privc.Verification.Decomposition;

/// <summary>The three shapes of route fact the master asserts (specs/encoding.md section 11).</summary>
public enum RouteFactKind
{
    /// <summary>No compliant route from any of the source devices to any of the target devices.</summary>
    NoRoute,

    /// <summary>The single-device route of two distinct nodes on this device does not comply.</summary>
    NoSingleDeviceRoute,

    /// <summary>The flow has waypoints, so its replicas cannot share these nodes (the empty route passes none).</summary>
    EmptyRouteMissesWaypoint,

    /// <summary>
    /// Compliant routes exist from the source device to the target device, but none once <see cref="RouteFactRecord.Failed"/>
    /// fails (<see cref="RouteFactRecord.WithoutClass"/> is the condition without it), so none survives every single failure.
    /// </summary>
    NoBackupRoute,
}

/// <summary>One route fact as asserted: the flow, its condition class, and the devices (or nodes) it is about.</summary>
public sealed record RouteFactRecord(string Flow, int Class, RouteFactKind Kind, ImmutableArray<string> From, ImmutableArray<string> To)
{
    /// <summary>For <see cref="RouteFactKind.NoBackupRoute"/>: the class of the flow's condition without the failed element.</summary>
    public int? WithoutClass { get; init; }

    /// <summary>For <see cref="RouteFactKind.NoBackupRoute"/>: the failed device's name or the failed cable (<c>A:p&lt;-&gt;B:q</c>).</summary>
    public string? Failed { get; init; }

    /// <summary>For <see cref="RouteFactKind.NoBackupRoute"/>: the failed element by index.</summary>
    public FailedElement? FailedElement { get; init; }
}
