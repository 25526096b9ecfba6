using System.Collections.Immutable;
using System.Globalization;
using Privc.Artifacts.Checking;
using Privc.Artifacts.Emit;
using Privc.Checking;
using Privc.Compiler;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification;

namespace Privc.Report;

/// <summary>Builds a <see cref="ReportInput"/> from what each command concluded.</summary>
public static class ReportInputs
{
    /// <summary>
    /// The report of a compile: a proven plan (with its obligations and objectives) or an unsatisfiable core. Null for
    /// outcomes with nothing to draw (input errors, an undecided solver, a rejected plan).
    /// </summary>
    public static ReportInput? FromCompile(CompileResult result) => result switch
    {
        CompileResult.Proven proven => new ReportInput(
            $"privc compile: proven plan on {proven.Topology.Name}",
            "privc compile",
            proven.Program,
            proven.Topology,
            ReportOutcome.Proven,
            proven.Verification.Plan,
            [],
            Obligations(proven.Verification.Obligations),
            proven.Verification.Objectives.Select(o => new ObjectiveRow(o.Objective.Name, PlanWriter.MetricName(o.Objective), SummaryWriter.FormatValue(o), o.Proven)).ToImmutableArray(),
            null,
            RoutesJudged: true,
            proven.Verification.SolverName,
            CertificateWriter.Digest(proven.Bundle)),
        CompileResult.Unsatisfiable unsat => new ReportInput(
            $"privc compile: the intents conflict on {unsat.Topology.Name}",
            "privc compile",
            unsat.Program,
            unsat.Topology,
            ReportOutcome.Unsatisfiable,
            null,
            [],
            Obligations(unsat.Verification.Obligations, withScripts: true),
            [],
            new CoreInput(unsat.Verification.Core, unsat.Verification.Minimal, unsat.Verification.Reasons),
            RoutesJudged: true,
            unsat.Verification.SolverName),
        _ => null,
    };

    /// <summary>The report of <c>privc check</c>: the configuration the artifacts describe and every violation with its witness.</summary>
    public static ReportInput FromCheck(BoundProgram program, TopologyModel topology, ArtifactVerdict verdict)
    {
        var outcome = verdict.Status switch
        {
            ArtifactStatus.Compliant => ReportOutcome.Compliant,
            ArtifactStatus.Violations => ReportOutcome.Violations,
            _ => ReportOutcome.NotJudged,
        };
        var unjudged = verdict.Unjudged.Select(d => DiagnosticFormatter.FormatHeader(d))
            .Concat(verdict.PlacementOnly ? [] : verdict.NotJudged.Select(i => $"intent {i}: its network conditions were not judged (no flow rules were given)"))
            .ToList();
        return new(
            $"privc check: {(outcome switch { ReportOutcome.Compliant => "compliant", ReportOutcome.NotJudged => "not judged", _ => "violations" })} on {topology.Name}",
            "privc check",
            program,
            topology,
            outcome,
            verdict.Configuration,
            verdict.Violations,
            [],
            [],
            null,
            verdict.RoutesJudged,
            Unjudged: unjudged);
    }

    /// <summary>
    /// The report of a compile output folder read back (<c>privc report</c>): the plan judged again by the
    /// independent checker against the intents and topology given, with the certificate's obligations.
    /// </summary>
    public static ReportInput FromOutput(BoundProgram program, TopologyModel topology, OutputReading reading)
    {
        var report = ConfigurationChecker.Check(program, topology, reading.Plan);
        return new ReportInput(
            $"privc report: {(report.Compliant ? "proven plan" : "a plan that does not satisfy these intents")} on {topology.Name}",
            "privc report",
            program,
            topology,
            report.Compliant ? ReportOutcome.Proven : ReportOutcome.Violations,
            reading.Plan,
            report.Violations,
            reading.Obligations,
            reading.Objectives,
            null,
            RoutesJudged: true,
            reading.SolverName,
            reading.Digest);
    }

    /// <summary>The obligations as the certificate names them (<see cref="CertificateWriter"/>'s numbering).</summary>
    private static ImmutableArray<ObligationRow> Obligations(ImmutableArray<Obligation> obligations, bool withScripts = false) =>
        obligations.Select((o, i) => new ObligationRow(
            o.Name,
            string.Create(CultureInfo.InvariantCulture, $"obligations/{i + 1:00}-{o.Name}.smt2"),
            o.Purpose,
            o.Expected,
            o.Answer,
            withScripts ? o.Script : null)).ToImmutableArray();
}
