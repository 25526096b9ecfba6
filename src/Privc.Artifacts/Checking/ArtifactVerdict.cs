using System.Collections.Immutable;
using Privc.Artifacts.Kubernetes;
using Privc.Checking;
using Privc.Diagnostics;
using Privc.Semantics;
using Privc.Text;

namespace Privc.Artifacts.Checking;

/// <summary>The verdict of a check, in the order that decides the exit code: errors, then violations, then what was not judged.</summary>
public enum ArtifactStatus
{
    Compliant,
    NotJudged,
    Violations,
    InputError,
}

/// <summary>What a check says of one intent.</summary>
public enum IntentStatus
{
    /// <summary>Judged and holds, and nothing in the verdict was left unjudged.</summary>
    Holds,

    /// <summary>Some violation names it.</summary>
    Violated,

    /// <summary>Its conditions were not (all) judged: its network conditions without flow rules.</summary>
    NotJudged,

    /// <summary>No violation found, but the verdict has cannot-judge findings, so it is not proven to hold.</summary>
    Undecided,

    /// <summary>A declassification: a typing rule, applied at compile time, with no condition on deployments.</summary>
    Applied,
}

/// <summary>
/// The verdict on deployed artifacts (<c>privc check</c>, and compile's own re-reading of what it emits): the
/// configuration the artifacts describe, every violation (the checker's, the flow rules' broken packet paths,
/// placements left to the scheduler, and what the manifests show directly), the diagnostics, and among them what
/// could not be judged (<see cref="Unjudged"/>: warnings PRIV5100-PRIV5199, specs/check.md).
/// </summary>
public sealed record ArtifactVerdict(
    Configuration Configuration,
    ImmutableArray<Violation> Violations,
    ImmutableArray<Diagnostic> Diagnostics,
    bool RoutesJudged)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The cannot-judge findings: each a warning in PRIV5100-PRIV5199 at what could not be judged.</summary>
    public ImmutableArray<Diagnostic> Unjudged => [.. Diagnostics.Where(DiagnosticCatalogue.IsCannotJudge)];

    /// <summary>Intents whose conditions were not all judged (their network conditions, without flow rules).</summary>
    public ImmutableArray<string> NotJudged { get; init; } = [];

    /// <summary>Whether the caller asked for placements and network policy only (<c>--placement-only</c>) and no flow rules were judged.</summary>
    public bool PlacementOnly { get; init; }

    /// <summary>Where in the artifacts each violation comes from (file:line:col of the objects or rules at fault).</summary>
    public ImmutableDictionary<Violation, ImmutableArray<SourceLocation>> Locations { get; init; } = ImmutableDictionary<Violation, ImmutableArray<SourceLocation>>.Empty;

    /// <summary>What the Kubernetes reader found, for reports (null when the artifacts could not be read).</summary>
    public KubernetesReading? Reading { get; init; }

    /// <summary>
    /// Compliant means every intent was judged and holds: no error, no violation, nothing the check could not judge,
    /// and no intent left unjudged unless the caller asked for placements only.
    /// </summary>
    public bool Compliant => Status == ArtifactStatus.Compliant;

    public ArtifactStatus Status =>
        HasErrors ? ArtifactStatus.InputError
        : !Violations.IsEmpty ? ArtifactStatus.Violations
        : !Unjudged.IsEmpty || (!NotJudged.IsEmpty && !PlacementOnly) ? ArtifactStatus.NotJudged
        : ArtifactStatus.Compliant;

    public ImmutableArray<string> ViolatedIntents => Violations.Select(v => v.Intent).Distinct(StringComparer.Ordinal).ToImmutableArray();

    public ImmutableArray<SourceLocation> LocationsOf(Violation violation) => Locations.TryGetValue(violation, out var at) ? at : [];

    public IntentStatus StatusOf(Intent intent)
    {
        if (intent is DeclassifyIntent)
        {
            return IntentStatus.Applied;
        }
        if (Violations.Any(v => v.Intent == intent.Name))
        {
            return IntentStatus.Violated;
        }
        if (NotJudged.Contains(intent.Name))
        {
            return IntentStatus.NotJudged;
        }
        return Unjudged.All(d => d.Code == DiagnosticCatalogue.Codes.CheckRoutesNotJudged.Code) ? IntentStatus.Holds : IntentStatus.Undecided;
    }

    /// <summary>Cannot-judge findings other than the intents left unjudged without flow rules (those are listed by intent).</summary>
    public ImmutableArray<Diagnostic> UnjudgedInputs => [.. Unjudged.Where(d => d.Code != DiagnosticCatalogue.Codes.CheckRoutesNotJudged.Code)];
}
