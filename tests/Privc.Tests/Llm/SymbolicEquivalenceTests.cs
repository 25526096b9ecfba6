using Privc.Llm.Equivalence;
using Privc.Llm.Evaluation;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Llm;

/// <summary>
/// The topology-independent judge over the hospital declarations: what it must call equivalent (same meaning on
/// every topology), what it must not (different on some topology, even when equal on hospital-au), and its witnesses.
/// </summary>
public class SymbolicEquivalenceTests
{
    [Theory]
    [InlineData("intent a: keep Vitals within jurisdiction == AU;", "intent b: keep Vitals within jurisdiction in {AU};")]
    [InlineData("intent a: place triage on tee; intent b: place triage on tier == edge;", "intent c: place triage on tier == edge and tee;")]
    [InlineData("intent a: place triage, ingest on tee;", "intent b: place ingest on tee; intent c: place triage on tee;")]
    [InlineData("intent a: route vitals_feed latency < 10ms;", "intent b: route vitals_feed latency <= 9999us;")]
    [InlineData("intent a: route vitals_feed hops < 3;", "intent b: route vitals_feed hops <= 2;")]
    [InlineData("intent a: route vitals_feed avoid devices where trust < medium;", "intent b: route vitals_feed within not (trust < medium);")]
    [InlineData("intent a: route vitals_feed avoid devices where trust < medium;", "intent b: route vitals_feed within trust >= medium;")]
    [InlineData("intent a: route vitals_feed avoid devices where trust < medium;", "intent b: route vitals_feed within trust in {medium, high};")]
    [InlineData("intent a: route vitals_feed avoid s5, s6;", "intent b: route vitals_feed avoid devices where name in {s6, s5};")]
    [InlineData("intent a: place triage on not (tier == cloud or tee == false);", "intent b: place triage on not tier == cloud and not tee == false;")]
    [InlineData("intent a: place triage on not not tee;", "intent b: place triage on tee == true;")]
    [InlineData("intent a: separate research from ingest;", "intent b: separate ingest from research;")]
    [InlineData("intent a: dedicate research;", "intent b: separate research from tenant hospital;")]
    [InlineData("intent a: separate triage from triage by zone;", "intent b: spread triage across zone at least 2;")]
    [InlineData("intent a: separate ingest from research by zone;", "intent b: separate ingest from research by zone; intent c: separate ingest from research;")]
    [InlineData("intent a: route research_feed through devices where role == firewall;", "intent b: route research_feed through devices where role == firewall; intent c: separate anonymiser from research;")]
    [InlineData("intent a: route research_feed within jurisdiction == AU, through devices where jurisdiction == AU;", "intent b: route research_feed within jurisdiction == AU; intent c: separate anonymiser from research;")]
    [InlineData("intent a: route research_feed through devices where role == firewall then devices where role == firewall;", "intent b: route research_feed through devices where role == firewall then devices where role == firewall; intent c: route research_feed through devices where role == firewall;")]
    [InlineData("intent a: place triage on tee; intent b: colocate anonymiser with triage;", "intent c: place triage, anonymiser on tee; intent d: colocate anonymiser with triage;")]
    [InlineData("intent a: route vitals_feed latency <= 5ms;", "intent b: route vitals_feed latency <= 5000us;")]
    public void Compare_SameMeaningWrittenDifferently_IsEquivalentOnEveryTopology(string left, string right)
    {
        var result = Compare(left, right);
        Assert.True(result.IsEquivalent, $"{result.Verdict}: {result.Explanation}");
    }

    [Theory]
    // Each pair is equivalent on hospital-au (the old, topology-bound judge accepted it) but not on every topology.
    [InlineData("intent a: keep Vitals within jurisdiction == AU;", "intent b: keep Vitals within jurisdiction != SG;", "jurisdiction = a value neither side names")]
    [InlineData("intent a: route vitals_feed latency <= 4ms;", "intent b: route vitals_feed latency <= 5ms;", "latency bound")]
    [InlineData("intent a: route vitals_feed latency < 5ms;", "intent b: route vitals_feed latency <= 5ms;", "latency bound")]
    [InlineData("intent a: route vitals_feed avoid devices where trust < medium;", "intent b: route vitals_feed avoid s5;", "a device with name = s5, trust = medium")]
    [InlineData("intent a: route research_feed through devices where role == firewall;", "intent b: route research_feed through s3;", "waypoints")]
    [InlineData("intent a: place research on tier == edge;", "intent b: place research on tier == edge and tee;", "a node with no tee label, tier = edge")]
    public void Compare_EqualOnOneTopologyOnly_IsNotEquivalent(string left, string right, string witness)
    {
        var result = Compare(left, right);
        Assert.False(result.IsEquivalent, result.Explanation);
        Assert.True(result.Explanation.Contains(witness, StringComparison.Ordinal), result.Explanation);
    }

    [Fact]
    public void Compare_DroppedConjunct_IsWeakerWithAWitnessNode()
    {
        var result = Compare("intent a: place triage on tee;", "intent b: place triage on tee and tier == edge;");
        Assert.True(result.Verdict == EquivalenceVerdict.RightStronger, result.Explanation);
        Assert.True(result.Explanation.Contains("the answer allows a node with tee = true, no tier label, which the gold does not", StringComparison.Ordinal), result.Explanation);
        Assert.True(result.Explanation.Contains("['b']", StringComparison.Ordinal), result.Explanation);
    }

    [Fact]
    public void Compare_MissingKeyRule_NotOfEqualityIsNotInequality()
    {
        // `not jurisdiction == SG` and `jurisdiction != SG` agree: both are unknown where jurisdiction is missing.
        Assert.True(Compare("intent a: place triage on not jurisdiction == SG;", "intent b: place triage on jurisdiction != SG;").IsEquivalent);
        // `tee == false` is not `not tee`... it is: both need tee known false. But `tee != true` needs tee known too.
        Assert.True(Compare("intent a: place triage on tee == false;", "intent b: place triage on not tee;").IsEquivalent);
        // avoiding untrusted devices is not staying within trusted ones when trust may be missing? It is: avoid needs known false.
        var result = Compare("intent a: route vitals_feed avoid devices where trust == untrusted;", "intent b: route vitals_feed within trust != untrusted;");
        Assert.True(result.IsEquivalent, result.Explanation);
    }

    [Fact]
    public void Compare_UnlabelledElementsMatter_OrDoesNotTrustMissingFacts()
    {
        // `tee or not tee` is unknown on a node without tee: not a tautology under the missing-key rule.
        var result = Compare("intent a: place triage on tee or not tee;", "intent b: place triage on true;");
        Assert.True(result.Verdict == EquivalenceVerdict.LeftStronger, result.Explanation);
        Assert.True(result.Explanation.Contains("no tee label", StringComparison.Ordinal), result.Explanation);
    }

    [Fact]
    public void Compare_KeepVersusPlaceHandling_IsWeakerOnTheNetwork()
    {
        // `handling Vitals` also selects research, which holds Vitals only declassified (keep leaves it out).
        var result = Compare("intent a: place handling Vitals on jurisdiction == AU;", "intent b: keep Vitals within jurisdiction == AU;");
        Assert.True(result.Verdict == EquivalenceVerdict.Incomparable, result.Explanation);
        Assert.True(result.Explanation.Contains("the gold allows a node with no jurisdiction label, which the answer does not", StringComparison.Ordinal), result.Explanation);
        result = Compare("intent a: place ingest, triage, anonymiser on jurisdiction == AU;", "intent b: keep Vitals within jurisdiction == AU;");
        Assert.True(result.Verdict == EquivalenceVerdict.RightStronger, result.Explanation);
        Assert.True(result.Explanation.Contains("the devices on the routes of flow 'vitals_feed'", StringComparison.Ordinal), result.Explanation);
    }

    [Fact]
    public void Compare_AddedDeclassify_IsWeaker()
    {
        var result = Compare(
            "intent a: keep Vitals within jurisdiction == AU; intent d: declassify Vitals to internal via triage;",
            "intent b: keep Vitals within jurisdiction == AU;");
        Assert.True(result.Verdict == EquivalenceVerdict.RightStronger, result.Explanation);
        Assert.True(result.Explanation.Contains("only the answer declassifies Vitals to internal via triage", StringComparison.Ordinal), result.Explanation);
    }

    [Fact]
    public void Compare_BothUnsatisfiable_AreComparedByWhatTheySay()
    {
        // Triage can run nowhere under either, so no topology satisfies either, yet they say different things about ingest.
        var result = Compare(
            "intent a: place triage on tier == edge and tier == cloud; intent b: place ingest on tee;",
            "intent a: place triage on tier == edge and tier == cloud; intent b: place ingest on tee and tier == edge;");
        Assert.True(result.Verdict == EquivalenceVerdict.RightStronger, result.Explanation);
        var contradictions = Compare("intent a: place triage on tier == edge and tier == cloud;", "intent b: place triage on tee and not tee;");
        Assert.True(contradictions.IsEquivalent, contradictions.Explanation);
        var different = Compare("intent a: place triage on tier == edge and tier == cloud;", "intent b: place ingest on tee and not tee;");
        Assert.True(different.Verdict == EquivalenceVerdict.Incomparable, different.Explanation);
    }

    [Fact]
    public void Compare_DifferentObjectives_AreIncomparable()
    {
        var result = Compare("intent a: place triage on tee; objective o: minimize cost;", "intent a: place triage on tee; objective o: minimize latency;");
        Assert.Equal(EquivalenceVerdict.Incomparable, result.Verdict);
        Assert.True(Compare("objective o: prefer tee and tier == edge;", "objective p: prefer tier in {edge} and tee;").IsEquivalent);
    }

    [Fact]
    public void Compare_LongerChain_IsStricter()
    {
        var result = Compare("intent a: route research_feed through s3 then s6;", "intent b: route research_feed through s3;");
        Assert.True(result.Verdict == EquivalenceVerdict.LeftStronger, result.Explanation);
    }

    private static SymbolicResult Compare(string answer, string gold) =>
        new SymbolicEquivalence(BenchmarkFiles.HospitalTopology.Schema).Compare(
            BenchmarkFiles.BindWithHospital(answer, "answer.priv"), BenchmarkFiles.BindWithHospital(gold, "gold.priv"), "answer", "gold");
}
