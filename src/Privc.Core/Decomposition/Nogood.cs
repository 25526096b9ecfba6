using System.Collections.Immutable;

namespace Privc.Decomposition;

/// <summary>
/// A placement fact learnt from level 2 (specs/encoding.md section 13): while the <see cref="Intents"/> are in force,
/// no placement hosts all of <see cref="Hosts"/> (service, node) at once, because the routing problem of the replica
/// pairs they create was proven unsat (<see cref="Proof"/>: a self-contained SMT-LIB2 script answered unsat).
/// </summary>
public sealed record Nogood(ImmutableArray<(string Service, string Node)> Hosts, ImmutableSortedSet<string> Intents, string Proof, string Purpose);
