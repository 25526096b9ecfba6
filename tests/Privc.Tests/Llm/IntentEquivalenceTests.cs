using Privc.Llm.Evaluation;
using Privc.Semantics;
using Privc.Verification;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Llm;

/// <summary>Semantic equivalence of intent sets over the hospital-au topology (what `privc eval` judges answers by).</summary>
public class IntentEquivalenceTests
{
    [Z3Theory]
    [InlineData("intent a: keep Vitals within jurisdiction == AU;", "intent b: keep Vitals within jurisdiction in {AU};")]
    [InlineData("intent a: keep Vitals within jurisdiction == AU;", "intent b: keep Vitals within jurisdiction != SG;")]
    [InlineData("intent a: route vitals_feed avoid devices where trust < medium;", "intent b: route vitals_feed avoid s5;")]
    [InlineData("intent a: route research_feed through devices where role == firewall;", "intent b: route research_feed through s3;")]
    [InlineData("intent a: place triage on tee; intent b: place triage on tier == edge;", "intent c: place triage on tee and tier == edge;")]
    [InlineData("intent a: route research_feed through devices where role == firewall then s6;", "intent b: route research_feed through s3 then devices where jurisdiction == SG;")]
    [InlineData("intent a: keep Vitals within jurisdiction == AU over links where encrypted;", "intent b: keep Vitals within not jurisdiction == SG; intent c: route vitals_feed, to_anonymiser avoid links where encrypted == false;")]
    [InlineData("intent a: place research on tier == edge;", "intent b: place research on tier == edge and tee;")]
    public void Compare_SameMeaningWrittenDifferently_IsEquivalent(string left, string right)
    {
        var result = Compare(left, right);
        Assert.True(result.IsEquivalent, $"{result.Verdict}: {result.Explanation}");
    }

    [Fact]
    public void Compare_SameIntentsUnderOtherNames_NeedsNoSolver()
    {
        var left = BenchmarkFiles.BindWithHospital("intent a: place triage on tee; intent b: route vitals_feed avoid s5, latency < 10ms;", "left.priv");
        var right = BenchmarkFiles.BindWithHospital("intent y: route vitals_feed avoid devices where name == s5, latency <= 9999us; intent x: place triage on tee;", "right.priv");
        var result = new IntentEquivalence(BenchmarkFiles.HospitalTopology, new NoSolver(), Solvers.Options)
            .Compare(IntentSet.FromSource(left, "left.priv"), IntentSet.FromSource(right, "right.priv"));
        Assert.True(result.IsEquivalent, result.Explanation);
    }

    private sealed class NoSolver : Privc.Verification.Solving.ISmtSolverFactory
    {
        public Privc.Verification.Solving.SolverStart Start(Privc.Verification.Solving.SolverOptions options) => throw new InvalidOperationException("the solver must not be needed");
    }

    [Z3Fact]
    public void Compare_WeakerAnswer_IsNotEquivalent()
    {
        var result = Compare("intent a: place triage on tee;", "intent b: place triage on tee and tier == edge;");
        Assert.Equal(EquivalenceVerdict.RightStronger, result.Verdict);
        Assert.Contains("'b'", result.Explanation, StringComparison.Ordinal);
    }

    [Z3Fact]
    public void Compare_StricterAnswer_IsLeftStronger()
    {
        var result = Compare("intent a: route research_feed through s3 then s6;", "intent b: route research_feed through s3;");
        Assert.Equal(EquivalenceVerdict.LeftStronger, result.Verdict);
    }

    [Z3Fact]
    public void Compare_OverlappingButDifferent_IsIncomparable()
    {
        var result = Compare("intent a: place ingest on zone == syd;", "intent b: place ingest on tier == edge;");
        Assert.Equal(EquivalenceVerdict.Incomparable, result.Verdict);
    }

    [Z3Fact]
    public void Compare_KeepVersusRouteOfEveryCarrier_RouteCoversDeclassifiedFlowsToo()
    {
        // keep constrains only flows that carry Vitals undeclassified; "flows carrying Vitals" also selects research_feed.
        var result = Compare(
            "intent a: keep Vitals within jurisdiction == AU over links where encrypted;",
            "intent b: keep Vitals within jurisdiction == AU; intent c: route flows carrying Vitals avoid links where encrypted == false;");
        Assert.Equal(EquivalenceVerdict.RightStronger, result.Verdict);
        Assert.Contains("'c'", result.Explanation, StringComparison.Ordinal);
    }

    [Z3Theory]
    [InlineData("intent c: place ingest on tier != cloud; intent d: place ingest on not tier == edge;", true)]
    [InlineData("intent c: place ingest on tier == edge; intent d: place ingest on tee == false;", false)]
    public void Compare_BothUnsatisfiable_MatchedIntentByIntent(string right, bool equivalent)
    {
        // Each intent can hold alone but not together, so the sets as wholes are both empty.
        var result = Compare("intent a: place ingest on tier == edge; intent b: place ingest on tier == cloud;", right);
        Assert.Equal(equivalent, result.IsEquivalent);
        Assert.Contains("unsatisfiable", result.Explanation, StringComparison.Ordinal);
    }

    [Z3Theory]
    [InlineData("intent c: place ingest on tier == edge and tier == cloud;", true)]
    [InlineData("intent c: place ingest on tier == edge and tee == false;", false)]
    public void Compare_BothUnsatisfiable_SameConditionsGroupedDifferently(string right, bool equivalent)
    {
        // One intent against two: no intent-by-intent match, so the conjunctions are compared without the structure.
        var result = Compare("intent a: place ingest on tier == edge; intent b: place ingest on tier == cloud;", right);
        Assert.Equal(equivalent, result.IsEquivalent);
        Assert.Contains("unsatisfiable", result.Explanation, StringComparison.Ordinal);
    }

    [Z3Fact]
    public void Compare_DifferentDeclassifications_AreNotEquivalent()
    {
        var result = Compare("intent a: declassify Vitals to public via anonymiser;", "intent b: declassify Vitals to confidential via anonymiser;");
        Assert.Equal(EquivalenceVerdict.Incomparable, result.Verdict);
        Assert.Contains("declassifications", result.Explanation, StringComparison.Ordinal);
    }

    [Z3Theory]
    [InlineData("objective o: minimize cost;", "objective p: minimize cost;", true)]
    [InlineData("objective o: prefer tier == edge;", "objective p: prefer tier != cloud;", true)]
    [InlineData("objective o: minimize cost;", "objective p: minimize nodes;", false)]
    [InlineData("objective o: prefer tier == edge;", "objective p: prefer tee;", false)]
    public void Compare_Objectives_ComparedByMetricAndPreferredNodes(string left, string right, bool equivalent)
    {
        Assert.Equal(equivalent, Compare(left, right).IsEquivalent);
    }

    [Z3Fact]
    public void Compare_DifferentDeclarations_IsNotComparable()
    {
        var left = BenchmarkFiles.BindWithHospital("intent a: place triage on tee;");
        var right = BenchmarkFiles.BindWithHospital("service extra { image \"x\"; } intent a: place triage on tee;");
        var result = new IntentEquivalence(BenchmarkFiles.HospitalTopology, Solvers.Z3, Solvers.Options)
            .Compare(IntentSet.FromSource(left, "answer.priv"), IntentSet.FromSource(right, "answer.priv"));
        Assert.Equal(EquivalenceVerdict.NotComparable, result.Verdict);
    }

    private static EquivalenceResult Compare(string left, string right)
    {
        var leftProgram = BenchmarkFiles.BindWithHospital(left, "left.priv");
        var rightProgram = BenchmarkFiles.BindWithHospital(right, "right.priv");
        return new IntentEquivalence(BenchmarkFiles.HospitalTopology, Solvers.Z3, Solvers.Options)
            .Compare(IntentSet.FromSource(leftProgram, "left.priv"), IntentSet.FromSource(rightProgram, "right.priv"));
    }
}
