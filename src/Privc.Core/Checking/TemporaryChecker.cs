using System.Collections.Immutable;
using Privc.Planning;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Checking;

// Placeholder until the independent checker lands (branch 'checker'); deleted at that merge.
public sealed record Violation(string Intent, string Message);

public sealed record CheckReport(ImmutableArray<Violation> Violations)
{
    public bool Compliant => Violations.IsEmpty;
}

public static class ConfigurationChecker
{
    public static CheckReport Check(BoundProgram program, TopologyModel topology, Configuration configuration) => new([]);
}
