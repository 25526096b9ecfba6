using System.Globalization;
using Privc.Checking;
using Privc.Semantics;
using Privc.Tests.Infrastructure;
using Privc.Tests.Properties.Generators;
using Privc.Tests.Reference;
using Privc.Verification;
using Xunit.Abstractions;
using static Privc.Tests.Properties.PropertyHarness;

namespace Privc.Tests.Properties;

/// <summary>
/// The implicit short-route tie-breaker (specs/semantics.md section 6.1): the decomposed solver, the monolithic
/// encoding and the exhaustive search agree on the tie-broken lexicographic optimum, and switching the tie-breaker off
/// still gives a compliant plan, optimal for the user's objectives and never shorter than the tie-broken one
/// (specs/properties.md, "Short routes"). Fast slices by default; PRIVC_PROPERTY_RUNS scales them.
/// </summary>
[Trait("Category", "Property")]
public class ShortRouteProperties(ITestOutputHelper output)
{
    private static VerificationResult Run(BoundProgram program, LoadedInstance instance, VerificationStrategy strategy) =>
        new Verifier(program, instance.Topology, TestSolvers.Z3, Options with { Strategy = strategy }).Verify();

    private static string Values(IEnumerable<ObjectiveResult> objectives) =>
        string.Join(", ", objectives.Select(o => $"{o.Objective.Name}={o.Exact.ToString(CultureInfo.InvariantCulture)}"));

    [Fact]
    public void TieBreaker_DecomposedMonolithicAndExhaustiveSearch_SameTieBrokenOptimum()
    {
        var compared = 0;
        var cases = PropertyRunner.Check("short-routes-agreement", 12, instance => Agree(instance, ref compared));
        cases += PropertyRunner.Check("short-routes-agreement-contended", 8, instance => Agree(instance, ref compared), ContendedInstance.Generate);
        output.WriteLine($"short-routes-agreement: {cases} cases, {compared} tie-broken optima compared");
        Assert.True(compared > 0, "no generated case had a tie-broken optimum proven by both paths");
    }

    [Fact]
    public void RoutePreferenceNone_PlanStillCompliantAndNoShorterThanTieBroken()
    {
        var compared = 0;
        var cases = PropertyRunner.Check("short-routes-off", 12, instance => Off(instance, ref compared), ContendedInstance.Generate);
        output.WriteLine($"short-routes-off: {cases} cases, {compared} plans compared");
        Assert.True(compared > 0, "no generated case had proven plans with and without the tie-breaker");
    }

    private static string? Agree(LoadedInstance instance, ref int compared, Action<VerificationResult.Proven>? agreed = null)
    {
        var program = ShortRoutes.Apply(instance.Program, RoutePreference.Hops);
        var decomposed = Run(program, instance, VerificationStrategy.Decomposed);
        var monolithic = Run(program, instance, VerificationStrategy.Monolithic);
        if ((Unexpected(decomposed) ?? Unexpected(monolithic)) is { } problem)
        {
            return problem;
        }
        if (decomposed is not VerificationResult.Proven plan || monolithic is not VerificationResult.Proven reference)
        {
            return decomposed.GetType() == monolithic.GetType() || TimedOut(decomposed) || TimedOut(monolithic)
                ? null
                : $"the decomposed solver answers {decomposed.GetType().Name}, the monolithic encoding {monolithic.GetType().Name}";
        }
        if (!plan.Objectives.Any(o => o.Objective.Metric == ObjectiveMetric.TotalHops))
        {
            return program.Flows.IsEmpty ? null : "the tie-breaker is missing from the decomposed solver's objectives";
        }
        if (!plan.OptimalityProven || !reference.OptimalityProven)
        {
            return null;
        }
        if (Values(plan.Objectives) != Values(reference.Objectives))
        {
            return $"tie-broken optima differ: decomposed {Values(plan.Objectives)}, monolithic {Values(reference.Objectives)}";
        }
        // What each path claims is what the checker measures on its plan.
        var measured = ObjectiveEvaluator.Evaluate(program, instance.Topology, plan.Plan).Select(v => $"{v.Objective.Name}={v.Value.ToString(CultureInfo.InvariantCulture)}");
        var claimed = plan.Objectives.Select(o => $"{o.Objective.Name}={o.Exact.ToString(CultureInfo.InvariantCulture)}");
        if (!measured.Select(Normal).SequenceEqual(claimed.Select(Normal)))
        {
            return $"the decomposed solver claims {string.Join(", ", claimed)} but its plan measures {string.Join(", ", measured)}";
        }
        var search = Search(program, instance, optimise: true);
        if (search.Outcome == SearchOutcome.Satisfiable)
        {
            var optimum = search.Objectives.Select(v => $"{v.Objective.Name}={v.Value.ToString(CultureInfo.InvariantCulture)}");
            if (!optimum.Select(Normal).SequenceEqual(claimed.Select(Normal)))
            {
                return $"the exhaustive optimum ({string.Join(", ", optimum)}) differs from the proven one ({string.Join(", ", claimed)})";
            }
        }
        else if (search.Outcome == SearchOutcome.Unsatisfiable)
        {
            return "both paths proved a plan, but the exhaustive search finds none";
        }
        agreed?.Invoke(plan);
        compared++;
        return null;
    }

    [Fact]
    public void TieBreaker_TwoFlowGroups_GroupBoundsAgreeWithMonolithicAndExhaustiveSearch()
    {
        // Instances whose flows split into groups, so the decomposed solver bounds each group on its own
        // (specs/encoding.md section 15.2, "Flow groups") and the reference paths judge the sum it closes.
        var compared = 0;
        var grouped = 0;
        var cases = PropertyRunner.Check("short-routes-flow-groups", 10,
            instance => Agree(instance, ref compared, plan => grouped += plan.Obligations.Any(o => o.Name.Contains("-group-", StringComparison.Ordinal)) ? 1 : 0),
            FlowGroupInstance.Generate);
        output.WriteLine($"short-routes-flow-groups: {cases} cases, {compared} tie-broken optima compared, {grouped} closed by flow-group bounds");
        Assert.True(grouped > 0, "no generated case had its tie-breaker closed by flow-group bounds");
    }

    private static string? Off(LoadedInstance instance, ref int compared)
    {
        var tieBroken = ShortRoutes.Apply(instance.Program, RoutePreference.Hops);
        var plain = ShortRoutes.Apply(instance.Program, RoutePreference.None);
        if (plain.Objectives.Any(ShortRoutes.IsImplicit))
        {
            return "route preference none still appends a tie-breaker";
        }
        var off = Run(plain, instance, VerificationStrategy.Decomposed);
        var on = Run(tieBroken, instance, VerificationStrategy.Decomposed);
        if ((Unexpected(off) ?? Unexpected(on)) is { } problem)
        {
            return problem;
        }
        if (off.GetType() != on.GetType())
        {
            return TimedOut(off) || TimedOut(on) ? null : $"the tie-breaker changed the verdict: {off.GetType().Name} without it, {on.GetType().Name} with it";
        }
        if (off is not VerificationResult.Proven without || on is not VerificationResult.Proven with)
        {
            return null;
        }
        if (!ConfigurationChecker.Check(instance.Program, instance.Topology, without.Plan).Compliant)
        {
            return "the plan without the tie-breaker is not compliant";
        }
        if (!without.OptimalityProven || !with.OptimalityProven)
        {
            return null;
        }
        var user = with.Objectives.Where(o => !ShortRoutes.IsImplicit(o.Objective)).ToList();
        if (Values(user) != Values(without.Objectives))
        {
            return $"the tie-breaker changed the user's optima: {Values(without.Objectives)} without it, {Values(user)} with it";
        }
        // Measured on the tie-broken program, the plan chosen without the tie-breaker is never lexicographically better.
        var mine = ObjectiveEvaluator.Evaluate(tieBroken, instance.Topology, with.Plan).Select(v => v.Value).ToList();
        var theirs = ObjectiveEvaluator.Evaluate(tieBroken, instance.Topology, without.Plan).Select(v => v.Value).ToList();
        var order = mine.Zip(theirs).Select(p => p.First.CompareTo(p.Second)).FirstOrDefault(c => c != 0);
        if (order > 0)
        {
            return $"the plan without the tie-breaker ({string.Join(", ", theirs)}) beats the tie-broken optimum ({string.Join(", ", mine)})";
        }
        compared++;
        return null;
    }

    /// <summary>Decimal values print with their scale (4.000 and 4); compare them as numbers.</summary>
    private static string Normal(string nameValue)
    {
        var at = nameValue.LastIndexOf('=');
        return nameValue[..(at + 1)] + decimal.Parse(nameValue[(at + 1)..], CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture);
    }
}
