using Privc.Verification.Explanation;
using Privc.Semantics;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Verification.Explanation;

/// <summary>Golden English for every intent kind, path constraint and objective, and for a whole example.</summary>
public class ExplainTests
{
    public static TheoryData<string, string> IntentCases => new()
    {
        {
            "intent vitals_stay_in_au: keep Vitals within jurisdiction == AU over links where encrypted;",
            "vitals_stay_in_au: Vitals (restricted; PHI, PII) stays on nodes and network devices where jurisdiction is AU, and crosses only links that are encrypted. It applies to services ingest, triage, anonymiser and flows vitals_feed, to_anonymiser."
        },
        {
            "intent both: keep data tagged statistics, Vitals within jurisdiction not in {SG};",
            "both: Aggregates (internal; statistics) and Vitals (restricted; PHI, PII) stay on nodes and network devices where jurisdiction is not SG. It applies to services ingest, triage, anonymiser and flows vitals_feed, to_anonymiser."
        },
        {
            "intent triage_in_tee: place triage, tenant university on tee and tier in {edge, cloud};",
            "triage_in_tee: every replica of triage and research runs on nodes where tee is true and tier is edge or cloud."
        },
        {
            "intent research_isolated: separate research from tenant hospital;",
            "research_isolated: no replica of research shares a node with a replica of any of ingest, triage, anonymiser."
        },
        {
            "intent zones: separate triage, anonymiser from triage by zone;",
            "zones: no replica of any of triage, anonymiser shares a zone with a replica of triage, and the replicas of triage are in pairwise different zones; only nodes that have a zone qualify."
        },
        {
            "intent near: colocate anonymiser with triage by zone;",
            "near: every replica of anonymiser runs in the same zone as a replica of triage; only nodes that have a zone qualify."
        },
        {
            "intent together: colocate anonymiser with handling Vitals;",
            "together: every replica of anonymiser runs on a node that also hosts a replica of each of ingest, triage, research."
        },
        {
            "intent own_nodes: dedicate research, ingest;",
            "own_nodes: a node that hosts a replica of any of ingest, research hosts no service of another tenant (ingest is tenant hospital; research is tenant university)."
        },
        {
            "intent triage_ha: spread triage across zone at least 2;",
            "triage_ha: the replicas of triage run on nodes with at least 2 distinct values of zone (nodes without zone add no value)."
        },
        {
            "intent fast: route vitals_feed latency <= 15ms, avoid devices where trust < medium;",
            "fast: every route of flow vitals_feed (ingest -> triage) has a total link latency of at most 15ms and avoids devices where trust is below medium."
        },
        {
            "intent strict: route research_feed avoid links where encrypted == false, avoid s5, s6, within jurisdiction in {AU, SG} and not trust == untrusted, over links where latency <= 10ms, hops < 4, latency < 30ms;",
            "strict: every route of flow research_feed (anonymiser -> research) avoids links where encrypted is false, avoids devices s5, s6, stays on devices where jurisdiction is AU or SG and not (trust is untrusted), uses only links where latency is at most 10ms, crosses at most 3 links and has a total link latency below 30ms."
        },
        {
            "intent via: route flows carrying Vitals, flows to research through s3 then devices where jurisdiction == SG or role == firewall and trust >= high, through devices where name in {s1, s4};",
            "via: every route of flows vitals_feed (ingest -> triage), to_anonymiser (triage -> anonymiser), research_feed (anonymiser -> research) passes through device s3, then a device where jurisdiction is SG or role is firewall and trust is at least high and passes through one of the devices s1, s4."
        },
        {
            "intent grouped: route flows from triage within (jurisdiction == AU or jurisdiction == SG) and not trust == high, hops <= 1;",
            "grouped: every route of flow to_anonymiser (triage -> anonymiser) stays on devices where (jurisdiction is AU or jurisdiction is SG) and not (trust is high) and crosses at most 1 link."
        },
        {
            "intent open: declassify Vitals to confidential via triage;",
            "open: Vitals (restricted) leaves triage lowered to confidential: flows out of triage carry it at confidential, so services cleared for confidential may receive it, and intents about Vitals no longer follow it past triage."
        },
    };

    [Theory]
    [MemberData(nameof(IntentCases))]
    public void ExplainIntent_EveryKind_MatchesGoldenText(string source, string expected)
    {
        var program = Bind(source);
        var intent = program.Intents.Single(i => i.Location.Path == "answer.priv");
        Assert.Equal(expected, new ProgramInEnglish(program).ExplainIntent(intent));
    }

    [Theory]
    [InlineData("objective o: minimize latency;", "o: minimise the total latency, the sum of link latencies over every route of every flow.")]
    [InlineData("objective o: minimize max latency;", "o: minimise the worst latency, the largest sum of link latencies on any one route.")]
    [InlineData("objective o: minimize cost;", "o: minimise the cost, the sum of node costs counted once per replica placed.")]
    [InlineData("objective o: minimize nodes;", "o: minimise the number of nodes that host at least one replica.")]
    [InlineData("objective o: prefer tier == edge and not tee;", "o: prefer nodes where tier is edge and tee is not true: minimise the number of replicas placed on other nodes.")]
    public void ExplainObjective_EveryMetric_MatchesGoldenText(string source, string expected)
    {
        var program = Bind(source);
        Assert.Equal(expected, new ProgramInEnglish(program).ExplainObjective(program.Objectives.Single()));
    }

    [Fact]
    public void GoldenCases_CoverEveryIntentKindPathConstraintAndMetric()
    {
        var programs = IntentCases.Select(row => Bind((string)row[0])).ToList();
        var intents = programs.SelectMany(p => p.Intents).ToList();
        var kinds = typeof(Intent).Assembly.GetTypes().Where(t => t.IsSealed && t.IsSubclassOf(typeof(Intent))).ToList();
        Assert.All(kinds, kind => Assert.Contains(intents, i => i.GetType() == kind));
        var constraints = intents.OfType<RouteIntent>().SelectMany(r => r.Constraints).Select(c => c.GetType()).ToHashSet();
        var constraintKinds = typeof(PathConstraint).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(PathConstraint)));
        Assert.All(constraintKinds, kind => Assert.Contains(kind, constraints));
        // The five the language writes, replan's two disruption measures and the short-route tie-breaker's hops
        // (ExplainObjective_MetricsWithoutSyntax_...).
        Assert.Equal(8, Enum.GetValues<ObjectiveMetric>().Length);
    }

    [Theory]
    [InlineData(ObjectiveMetric.MovedReplicas, "d: minimise the replicas moved off the nodes the previous plan gave them.")]
    [InlineData(ObjectiveMetric.DisturbedRoutes, "d: minimise the previous plan's routes not kept on the same nodes and links.")]
    [InlineData(ObjectiveMetric.TotalHops, "d: minimise the total number of hops, the links over every route of every flow.")]
    public void ExplainObjective_MetricsWithoutSyntax_MatchGoldenText(ObjectiveMetric metric, string expected)
    {
        var program = Bind("objective o: minimize cost;");
        var objective = program.Objectives.Single() with { Name = "d", Metric = metric };
        Assert.Equal(expected, new ProgramInEnglish(program).ExplainObjective(objective));
    }

    [Trait("Category", "Golden")]
    [Fact]
    public void Explain_HospitalExample_MatchesBaseline()
    {
        var source = File.ReadAllText(Path.Combine(TestPaths.Examples, "hospital-au", "hospital.priv"));
        var program = TestSources.Compile(source, BenchmarkFiles.HospitalTopology).Program!;
        Baseline.AssertMatches(Path.Combine("Verification", "Explanation", "Baselines", "hospital-au.explain.txt"), new ProgramInEnglish(program).Explain());
    }

    [Fact]
    public void Explain_OnlySelectedFile_OmitsTheContext()
    {
        var program = Bind("intent x: place triage on tee;");
        var text = new ProgramInEnglish(program).Explain(path => path == "answer.priv");
        Assert.Equal("Intents\n  " + ProgramInEnglish.MissingLabelNote + "\n  x: every replica of triage runs on nodes that are tee.\n", text);
    }

    private static BoundProgram Bind(string source) => BenchmarkFiles.BindWithHospital(source);
}
