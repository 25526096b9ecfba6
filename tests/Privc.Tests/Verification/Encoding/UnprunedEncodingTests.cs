using Privc.Semantics;
using Privc.Verification.Encoding;
using Privc.Verification.Solving;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Verification.Encoding;

/// <summary>
/// EncodingOptions.PruneByIntents = false asserts under guards what pruning applies by removing candidates and links;
/// with DefineGuards each guard is equivalent to its intent's condition. These tests tie both to the pruned encoding.
/// </summary>
public class UnprunedEncodingTests
{
    private const string Extra = """
        intent vitals_stay_in_au: keep Vitals within jurisdiction == AU over links where encrypted;
        intent triage_in_tee: place triage on tee and tier in {edge, cloud};
        intent ingest_at_edge: place ingest on tier == edge;
        intent triage_ha: spread triage across zone at least 2;
        intent research_isolated: separate research from tenant hospital;
        intent research_by_zone: separate research from triage by zone;
        intent vitals_fast: route vitals_feed latency <= 15ms, avoid devices where trust < medium;
        intent research_via_firewall: route research_feed through devices where role == firewall then s6;
        intent ingest_mel: place ingest on zone == mel;
        intent research_at_edge: place research on tier == edge;
        intent feed_short: route vitals_feed hops <= 1;
        intent colocated: colocate anonymiser with triage by zone;
        intent dedicated: dedicate research;
        intent avoid_transit: route research_feed avoid links where encrypted == false;
        intent within_au: route to_anonymiser within jurisdiction == AU;
        """;

    public static TheoryData<string[]> Subsets => new()
    {
        { ["vitals_stay_in_au"] },
        { ["triage_in_tee", "triage_ha"] },
        { ["research_isolated", "research_by_zone", "dedicated"] },
        { ["vitals_fast", "ingest_mel"] },
        { ["vitals_fast", "feed_short"] },
        { ["research_via_firewall", "vitals_stay_in_au"] },
        { ["research_via_firewall", "avoid_transit"] },
        { ["research_at_edge"] },
        { ["colocated", "triage_ha", "within_au"] },
        { ["vitals_stay_in_au", "triage_in_tee", "ingest_at_edge", "triage_ha", "research_isolated", "vitals_fast", "research_via_firewall"] },
    };

    [Z3Theory]
    [MemberData(nameof(Subsets))]
    public void Unpruned_AllGuardsAsserted_AgreesWithPrunedEncoding(string[] intents)
    {
        var program = BenchmarkFiles.BindWithHospital(Extra);
        var active = intents.ToHashSet(StringComparer.Ordinal);
        var pruned = Encoder.Encode(program, BenchmarkFiles.HospitalTopology, new EncodingOptions { ActiveIntents = active, GuardIntents = false });
        var unpruned = Encoder.Encode(program, BenchmarkFiles.HospitalTopology, new EncodingOptions { ActiveIntents = active, PruneByIntents = false, DefineGuards = true });

        Assert.Empty(unpruned.PruningIntents);
        var expected = Check(pruned.Script);
        var actual = Check(unpruned.Script + string.Concat(unpruned.Guards.Values.Select(g => $"(assert {g})\n")));
        Assert.True(expected is SolverOutcome.Sat or SolverOutcome.Unsat, expected.ToString());
        Assert.Equal(expected, actual);
    }

    [Z3Theory]
    [InlineData("research_via_firewall")]
    [InlineData("vitals_fast")]
    [InlineData("vitals_stay_in_au")]
    [InlineData("triage_ha")]
    [InlineData("research_by_zone")]
    [InlineData("avoid_transit")]
    public void DefinedGuard_Negated_AdmitsAViolatingConfiguration(string intent)
    {
        var program = BenchmarkFiles.BindWithHospital(Extra);
        var problem = Encoder.Encode(program, BenchmarkFiles.HospitalTopology,
            new EncodingOptions { ActiveIntents = new HashSet<string> { intent }, PruneByIntents = false, DefineGuards = true });
        Assert.Equal(SolverOutcome.Sat, Check(problem.Script + $"(assert (not {problem.Guards[intent]}))\n"));
    }

    [Z3Fact]
    public void DefinedGuard_OfAnIntentEveryConfigurationMeets_CannotBeFalse()
    {
        var program = BenchmarkFiles.BindWithHospital("intent anywhere: place triage on jurisdiction in {AU, SG};");
        var problem = Encoder.Encode(program, BenchmarkFiles.HospitalTopology, new EncodingOptions { PruneByIntents = false, DefineGuards = true });
        Assert.Equal(SolverOutcome.Unsat, Check(problem.Script + $"(assert (not {problem.Guards["anywhere"]}))\n"));
    }

    [Fact]
    public void DefineGuards_WithPruning_IsRejectedAsABug()
    {
        var program = BenchmarkFiles.BindWithHospital("intent i: place triage on tee;");
        Assert.Throws<InvalidOperationException>(() => Encoder.Encode(program, BenchmarkFiles.HospitalTopology, new EncodingOptions { DefineGuards = true }));
    }

    [Fact]
    public void Unpruned_KeepsEveryStructuralCandidate()
    {
        var program = BenchmarkFiles.BindWithHospital("intent i: place triage on tee;");
        var pruned = Encoder.Encode(program, BenchmarkFiles.HospitalTopology);
        var unpruned = Encoder.Encode(program, BenchmarkFiles.HospitalTopology, new EncodingOptions { PruneByIntents = false });
        Assert.Contains("i", pruned.PruningIntents);
        Assert.True(unpruned.Statistics.CandidatePlacements > pruned.Statistics.CandidatePlacements);
        Assert.Contains("(=> |intent!i| (not |hosts!triage!edge-syd-2|))", unpruned.Script, StringComparison.Ordinal);
    }

    private static SolverOutcome Check(string script)
    {
        var start = Solvers.Z3.Start(Solvers.Options);
        using var session = start.Session!;
        session.Send(script);
        return session.CheckSat().Outcome;
    }
}
