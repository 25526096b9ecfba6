using System.Collections.Immutable;
using Privc.Checking;
using Privc.Semantics;
using Privc.Topology;

namespace Privc.Report;

/// <summary>What the report says about the intents as a whole.</summary>
public enum ReportOutcome
{
    /// <summary>A plan proven by the solver and re-checked by the independent checker (compile, or a compile output read back).</summary>
    Proven,

    /// <summary>The intents cannot hold together: a minimal core.</summary>
    Unsatisfiable,

    /// <summary><c>privc check</c>: the deployed artifacts satisfy the intents.</summary>
    Compliant,

    /// <summary><c>privc check</c> (or a plan read back that no longer fits): violations with witnesses.</summary>
    Violations,

    /// <summary>
    /// <c>privc check</c> found no violation but could not judge something (cannot-judge warnings): never shown as
    /// compliant, because what was not judged may be exactly what breaks an intent.
    /// </summary>
    NotJudged,
}

/// <summary>One SMT-LIB2 obligation of the certificate, as the report lists it; <see cref="Script"/> is embedded only when no certificate folder holds it (an unsatisfiable compile writes nothing).</summary>
public sealed record ObligationRow(string Name, string File, string Claim, string Expected, string Answer, string? Script = null);

/// <summary>An objective and the value the plan reaches.</summary>
public sealed record ObjectiveRow(string Name, string Metric, string Value, bool Proven);

/// <summary>The intents of a minimal unsatisfiable core and the sentences that say why they conflict.</summary>
public sealed record CoreInput(ImmutableArray<Intent> Intents, bool Minimal, ImmutableArray<string> Reasons);

/// <summary>
/// Everything one report shows. <see cref="Configuration"/> is the proven plan or the configuration the deployed
/// artifacts describe (null for an unsatisfiable result); <see cref="Violations"/> come from the independent
/// checker; <see cref="Core"/> is set only for <see cref="ReportOutcome.Unsatisfiable"/>; <see cref="Unjudged"/> holds
/// the cannot-judge warnings of <c>privc check</c> as the command line prints them.
/// </summary>
public sealed record ReportInput(
    string Title,
    string Producer,
    BoundProgram Program,
    TopologyModel Topology,
    ReportOutcome Outcome,
    Configuration? Configuration,
    ImmutableArray<Violation> Violations,
    ImmutableArray<ObligationRow> Obligations,
    ImmutableArray<ObjectiveRow> Objectives,
    CoreInput? Core,
    bool RoutesJudged,
    string? SolverName = null,
    string? CertificateDigest = null,
    IReadOnlyList<string>? Unjudged = null);
