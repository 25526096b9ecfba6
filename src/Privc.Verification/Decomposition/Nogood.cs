using System.Collections.Immutable;

namespace Privc.Verification.Decomposition;

/// <summary>
/// A placement fact learnt from level 2 (specs/encoding.md section 13): while the <see cref="Intents"/> are in force,
/// no placement hosts all of <see cref="Hosts"/> (service, node) at once, because the routing problem of the replica
/// pairs they create was proven unsat (<see cref="Proof"/>: a self-contained SMT-LIB2 script answered unsat).
/// <see cref="OnDevices"/>: the second member of each host is a device, and the nogood excludes every placement with
/// some replica of the service on some node of that device (section 13.2).
/// </summary>
public sealed record Nogood(ImmutableArray<(string Service, string Node)> Hosts, ImmutableSortedSet<string> Intents, string Proof, string Purpose, bool OnDevices = false);

/// <summary>
/// A capacity cut learnt from a W4 conflict (specs/encoding.md section 13, "Cuts"): every route between a device in
/// <see cref="Devices"/> and one outside leaves (or, <see cref="Inward"/>, enters) the set over one of the directed
/// links that cross its border, so the flows that must cross carry at most <see cref="Capacity"/>, the sum of those
/// links' capacities. It is a fact of the topology and W3/W4 alone, valid for every set of intents.
/// </summary>
public sealed record LinkCut(ImmutableArray<string> Devices, bool Inward, long Capacity);
