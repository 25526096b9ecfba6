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
}

/// <summary>One route fact as asserted: the flow, its condition class, and the devices (or nodes) it is about.</summary>
public sealed record RouteFactRecord(string Flow, int Class, RouteFactKind Kind, ImmutableArray<string> From, ImmutableArray<string> To);
