namespace Privc.Checking;

/// <summary>
/// What went wrong, one value per condition of specs/semantics.md that can fail. Structural kinds (W1-W5) come
/// first, then the intent kinds, in the order the spec lists them; violations sort by this order within a condition.
/// </summary>
public enum ViolationKind
{
    // W1 placement
    ServiceNotPlaced,
    UnknownService,
    DuplicatePlacement,
    UnknownNode,
    DuplicateNode,
    WrongReplicaCount,

    // W2 capacity
    CpuOverCapacity,
    MemoryOverCapacity,

    // W3 routing
    UnknownFlow,
    UnknownRouteNode,
    UnexpectedRoute,
    DuplicateRoute,
    MissingRoute,
    NonEmptyRouteOnSameNode,
    EmptyRoute,
    UnknownDevice,
    WrongFirstDevice,
    WrongLastDevice,
    RepeatedDevice,
    HopMismatch,
    UnknownLink,
    IndistinguishableRoutes,

    // W4 bandwidth
    BandwidthExceeded,

    // W5 isolation
    FlowNotAllowed,
    UndeclaredFlowAllowed,

    // place
    NodeFailsPredicate,

    // keep
    KeepNodeOutside,
    KeepDeviceOutside,
    KeepLinkOutside,

    // separate, colocate, dedicate, spread
    ScopeShared,
    NotColocated,
    DedicatedNodeShared,
    SpreadTooNarrow,

    // route
    AvoidedDeviceUsed,
    AvoidedLinkUsed,
    MissingWaypoint,
    DeviceOutsideRegion,
    LinkNotPermitted,
    LatencyExceeded,
    TooManyHops,

    // R1 resilience (specs/semantics.md section 9)
    NoBackupRoute,
}
