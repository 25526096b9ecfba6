using Privc.Tests.Reference;
using Privc.Artifacts;
using Privc.Artifacts.Checking;
using Privc.Checking;
using Privc.Semantics;
using Privc.Verification;
using Privc.Verification.Solving;
using Privc.Tests.Infrastructure;
using Privc.Tests.Properties.Generators;
using Privc.Text;
using Xunit.Abstractions;
using static Privc.Tests.Properties.PropertyHarness;

namespace Privc.Tests.Properties;

/// <summary>
/// The verifier against the exhaustive reference solver and the independent checker, on generated instances
/// (specs/properties.md). Each property runs a fast slice by default; PRIVC_PROPERTY_RUNS scales it.
/// </summary>
[Trait("Category", "Property")]
public class VerifierProperties(ITestOutputHelper output)
{
    [Fact]
    public void Generator_EveryInstance_BindsWithoutErrors()
    {
        var runs = PropertyRunner.Runs(200);
        for (var k = 0; k < runs; k++)
        {
            var instance = Instance.Generate(PropertyRunner.Seed + k);
            if (instance.Load() is null)
            {
                var compilation = new Compilation([new Privc.Text.SourceText(Instance.SourceName, instance.Source)], TestSources.LoadTopology(instance.TopologyYaml));
                Assert.Fail($"generated case {k} does not bind:\n{string.Join("\n", compilation.Diagnostics)}\n{instance}");
            }
        }
    }

    [Fact]
    public void Generator_FastSlice_CoversEveryIntentKindAndClause()
    {
        var text = string.Concat(Enumerable.Range(0, 200).Select(k => Instance.Generate(PropertyRunner.DefaultSeed + k).Source));
        string[] constructs =
        [
            ": place ", ": keep ", " over links where ", ": separate ", ": colocate ", ": dedicate ", ": spread ", ": route ",
            "avoid devices where", "avoid links where", " through ", " then ", " within ", "latency <", "hops <", ": declassify ",
            "minimize cost", "minimize nodes", "minimize latency", "minimize max latency", ": prefer ", " by zone", "tenant ",
            "handling ", "flows carrying ", "flows from ", "flows to ", "data tagged ", " bandwidth ", " port ", " not ", " or ", " and ",
            "trust >=", "id == ", "levels ",
        ];
        Assert.All(constructs, c => Assert.Contains(c, text, StringComparison.Ordinal));
    }

    [Fact]
    public void Soundness_EveryProvenPlan_SatisfiesTheIntentsUnderTheChecker()
    {
        var (proven, artifacts) = (0, 0);
        var cases = PropertyRunner.Check("soundness", 50, instance =>
        {
            // Through the compile driver, as privc compile runs it: verify, emit, self-check.
            var compiled = new Privc.Compiler.Compiler(TestSolvers.Z3, new Privc.Compiler.CompileOptions(Options.Solver, Options.Budget)).Compile(instance.Program, instance.Topology);
            switch (compiled)
            {
                case Privc.Compiler.CompileResult.Rejected rejected:
                    return "compile rejected its own plan or artifacts (a privc bug): " + rejected.Problem;
                case Privc.Compiler.CompileResult.Undecided undecided when Unexpected(undecided.Verification) is { } problem:
                    return problem;
                case not Privc.Compiler.CompileResult.Proven:
                    return null;
            }
            var result = ((Privc.Compiler.CompileResult.Proven)compiled).Verification;
            var plan = result.Plan;
            proven++;
            var report = ConfigurationChecker.Check(instance.Program, instance.Topology, plan);
            if (!report.Compliant)
            {
                return "the proven plan violates: " + string.Join("; ", report.Violations);
            }
            // The artifacts too: compile emits Kubernetes manifests and ONOS flow rules only after reading them
            // back as privc check does; check them here independently of that internal re-check.
            var bundle = ((Privc.Compiler.CompileResult.Proven)compiled).Bundle;
            // Read as the README's recipe has check read them: kubernetes/ applied (as its kustomization lists it),
            // kubernetes/operator/ as cluster state.
            var manifests = bundle.Files.Where(f => f.Key.StartsWith("kubernetes/", StringComparison.Ordinal) && !f.Key.StartsWith("kubernetes/operator/", StringComparison.Ordinal)
                    && f.Key != Privc.Artifacts.Kubernetes.KustomizationFile.Path)
                .OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new SourceText(f.Key, f.Value)).ToList();
            var operatorFiles = bundle.Files.Where(f => f.Key.StartsWith("kubernetes/operator/", StringComparison.Ordinal)).Select(f => new SourceText(f.Key, f.Value)).ToList();
            var verdict = ArtifactChecker.Check(instance.Program, instance.Topology, new ArtifactInputs(manifests, new SourceText("onos/flows.json", bundle.Files["onos/flows.json"])) { ClusterState = operatorFiles });
            // A program without intents has nothing to judge: check says so (exit 5, PRIV5101) and nothing else.
            var nothingToJudge = !instance.Program.Intents.Any(i => i is not DeclassifyIntent)
                && verdict.Status == ArtifactStatus.NotJudged && verdict.Unjudged.All(d => d.Code == "PRIV5101");
            if (!verdict.Compliant && !nothingToJudge)
            {
                return "privc check rejects the emitted artifacts: " + string.Join("; ", verdict.Diagnostics.Select(d => d.ToString()).Concat(verdict.Violations.Select(v => v.ToString())));
            }
            artifacts++;
            return null;
        });
        output.WriteLine($"soundness: {cases} cases, {proven} proven plans checked, {artifacts} emitted artifact sets accepted by privc check");
        Assert.True(proven > 0, "no generated case was satisfiable");
        Assert.True(artifacts > 0, "no proven plan's artifacts were checked");
    }

    [Fact]
    public void Completeness_VerifierFindsAPlanExactlyWhenTheExhaustiveSearchDoes()
    {
        var (sat, unsat) = (0, 0);
        var cases = PropertyRunner.Check("completeness", 50, instance =>
        {
            var search = Search(instance.Program, instance);
            if (search.Outcome == SearchOutcome.TooLarge)
            {
                return null;
            }
            var result = Verify(instance);
            if (Unexpected(result) is { } problem)
            {
                return problem;
            }
            if (TimedOut(result))
            {
                return null;
            }
            var verifierSat = result is VerificationResult.Proven;
            var searchSat = search.Outcome == SearchOutcome.Satisfiable;
            (sat, unsat) = searchSat ? (sat + 1, unsat) : (sat, unsat + 1);
            return verifierSat == searchSat ? null
                : searchSat ? "the verifier says unsatisfiable, but the exhaustive search found a compliant configuration:\n" + search.Configuration
                : "the verifier proved a plan, but the exhaustive search finds none";
        });
        output.WriteLine($"completeness: {cases} cases, {sat} satisfiable and {unsat} unsatisfiable agreed (others too large or timed out)");
        Assert.True(sat > 0 && unsat > 0, $"the slice should hold both answers ({sat} satisfiable, {unsat} unsatisfiable)");
    }

    [Fact]
    public void MinimalCores_AreUnsatisfiable_AndEveryIntentOfThemIsNeeded()
    {
        var cores = 0;
        var cases = PropertyRunner.Check("minimal-cores", 50, instance =>
        {
            var result = Verify(instance);
            if (Unexpected(result) is { } problem)
            {
                return problem;
            }
            if (result is not VerificationResult.Unsatisfiable unsat)
            {
                return null;
            }
            cores++;
            if (!unsat.Minimal)
            {
                return "the core " + Names(unsat.Core) + " is not reported minimal";
            }
            var core = Search(instance.Program with { Intents = unsat.Core }, instance);
            if (core.Outcome == SearchOutcome.Satisfiable)
            {
                return $"the core {Names(unsat.Core)} is satisfiable:\n{core.Configuration}";
            }
            foreach (var intent in unsat.Core)
            {
                var rest = unsat.Core.Remove(intent);
                if (Search(instance.Program with { Intents = rest }, instance).Outcome == SearchOutcome.Unsatisfiable)
                {
                    return $"the core {Names(unsat.Core)} is not minimal: without {intent.Name} it is still unsatisfiable";
                }
            }
            return null;
        });
        output.WriteLine($"minimal-cores: {cases} cases, {cores} cores checked");
        Assert.True(cores > 0, "no generated case was unsatisfiable");
    }

    [Fact]
    public void Monotonicity_AddingAnIntentNeverTurnsUnsatisfiableIntoSatisfiable()
    {
        var pairs = 0;
        var cases = PropertyRunner.Check("monotonicity", 40, instance =>
        {
            if (instance.Program.Intents.IsEmpty)
            {
                return null;
            }
            var fewer = instance.Program with { Intents = instance.Program.Intents.RemoveAt(instance.Program.Intents.Length - 1) };
            var before = Verify(fewer, instance);
            if (Unexpected(before) is { } problem)
            {
                return problem;
            }
            if (before is not VerificationResult.Unsatisfiable)
            {
                return null;
            }
            pairs++;
            var after = Verify(instance);
            return Unexpected(after) ?? (after is VerificationResult.Proven
                ? $"without {instance.Program.Intents[^1].Name} the intents are unsatisfiable, with it they are satisfiable"
                : null);
        });
        output.WriteLine($"monotonicity: {cases} cases, {pairs} unsatisfiable prefixes extended by an intent");
    }

    [Fact]
    public void Optimality_ReportedOptimumEqualsTheExhaustiveOptimum()
    {
        var compared = 0;
        var cases = PropertyRunner.Check("optimality", 50, instance =>
        {
            if (instance.Program.Objectives.IsEmpty)
            {
                return null;
            }
            var result = Verify(instance);
            if (Unexpected(result) is { } problem)
            {
                return problem;
            }
            if (result is not VerificationResult.Proven proven || !proven.OptimalityProven)
            {
                return null;
            }
            var search = Search(instance.Program, instance, optimise: true);
            if (search.Outcome != SearchOutcome.Satisfiable)
            {
                return search.Outcome == SearchOutcome.TooLarge ? null : "the verifier proved a plan, but the exhaustive search finds none";
            }
            compared++;
            // What privc reports (the encoding's value, scaled back) is what the checker measures on the plan, exactly.
            var measured = ObjectiveEvaluator.Evaluate(instance.Program, instance.Topology, proven.Plan);
            var claimed = proven.Objectives.Select(o => $"{o.Objective.Name}={o.Exact.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            if (!claimed.SequenceEqual(measured.Select(v => $"{v.Objective.Name}={(v.Value / 1.0000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture)}")))
            {
                return $"privc reports {string.Join(", ", claimed)} but the plan measures {string.Join(", ", measured.Select(v => $"{v.Objective.Name}={v.Value}"))}";
            }
            var reported = measured.Select(v => $"{v.Objective.Name}={v.Value}");
            var optimum = search.Objectives.Select(v => $"{v.Objective.Name}={v.Value}");
            return reported.SequenceEqual(optimum) ? null
                : $"the reported optimum ({string.Join(", ", reported)}) differs from the exhaustive optimum ({string.Join(", ", optimum)})";
        });
        output.WriteLine($"optimality: {cases} cases, {compared} optima compared");
        Assert.True(compared > 0, "no generated case had a proven optimum to compare");
    }

    [Fact]
    public void SecondSolver_Cvc5AgreesWithZ3OnEveryUnsatCoreObligation()
    {
        var confirmed = 0;
        var cases = PropertyRunner.Check("cvc5-agrees", 40, instance =>
        {
            var result = Verify(instance);
            if (Unexpected(result) is { } problem)
            {
                return problem;
            }
            if (result is not VerificationResult.Unsatisfiable)
            {
                return null;
            }
            var obligation = result.Obligations.Single(o => o.Name == "unsatisfiable");
            var replay = ObligationReplay.Replay(obligation.Script, obligation.Expected, TestSolvers.Cvc5,
                new SolverOptions { Timeout = TimeSpan.FromSeconds(60) }, allowExtensions: false);
            if (replay.Status == ReplayStatus.Undecided && replay.Result?.Outcome == SolverOutcome.Timeout)
            {
                return null;
            }
            confirmed += replay.Status == ReplayStatus.Agree ? 1 : 0;
            return replay.Status == ReplayStatus.Agree ? null : $"cvc5 on the core obligation: {replay.Status}: {replay.Detail}";
        });
        output.WriteLine($"cvc5-agrees: {cases} cases, {confirmed} unsat core obligations confirmed by cvc5");
        Assert.True(confirmed > 0, "no unsatisfiable case was cross-checked");
    }
}
