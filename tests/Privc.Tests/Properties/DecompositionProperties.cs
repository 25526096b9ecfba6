using Privc.Tests.Reference;
using Privc.Verification;
using Privc.Verification.Solving;
using Privc.Tests.Infrastructure;
using Privc.Tests.Properties.Generators;
using Xunit.Abstractions;
using static Privc.Tests.Properties.PropertyHarness;

namespace Privc.Tests.Properties;

/// <summary>
/// The decomposed solver (the default) against the monolithic encoding (the reference) and the exhaustive search,
/// on the plain generator and on instances where bandwidth binds and W3 ties routes together
/// (specs/properties.md, "Agreement of the solver paths"). Fast slices by default; PRIVC_PROPERTY_RUNS scales them.
/// </summary>
[Trait("Category", "Property")]
public class DecompositionProperties(ITestOutputHelper output)
{
    private static VerificationResult Run(LoadedInstance instance, VerificationStrategy strategy) =>
        new Verifier(instance.Program, instance.Topology, TestSolvers.Z3, Options with { Strategy = strategy }).Verify();

    [Fact]
    public void Agreement_DecomposedAndMonolithic_SameVerdictAndSameOptimum()
    {
        var (agreed, optima) = (0, 0);
        var cases = PropertyRunner.Check("agreement", 20, instance => Compare(instance, ref agreed, ref optima, exhaustive: false));
        output.WriteLine($"agreement: {cases} cases, {agreed} verdicts and {optima} optima agreed");
        Assert.True(agreed > 0, "no generated case was decided by both paths");
    }

    [Fact]
    public void Agreement_ContendedInstances_DecomposedAgreesWithMonolithicAndExhaustiveSearch()
    {
        var (agreed, optima) = (0, 0);
        var cases = PropertyRunner.Check("agreement-contended", 15, instance => Compare(instance, ref agreed, ref optima, exhaustive: true), ContendedInstance.Generate);
        output.WriteLine($"agreement-contended: {cases} cases, {agreed} verdicts and {optima} optima agreed");
        Assert.True(agreed > 0, "no contended case was decided by both paths");
    }

    [Fact]
    public void Cores_SlicedAndWholeProgramShrinking_SameVerdictAndSameMinimalCore()
    {
        var (agreed, cores) = (0, 0);
        string? Property(LoadedInstance instance)
        {
            var sliced = Run(instance, VerificationStrategy.Decomposed);
            var whole = new Verifier(instance.Program, instance.Topology, TestSolvers.Z3, Options with { CoreSlices = false }).Verify();
            if ((Unexpected(sliced) ?? Unexpected(whole)) is { } problem)
            {
                return problem;
            }
            if (TimedOut(sliced) || TimedOut(whole))
            {
                return null;
            }
            if (sliced.GetType() != whole.GetType())
            {
                return $"sliced core tests answer {sliced.GetType().Name}, whole-program ones {whole.GetType().Name}";
            }
            agreed++;
            if (sliced is VerificationResult.Unsatisfiable mine && whole is VerificationResult.Unsatisfiable reference)
            {
                // Both start from the same conflict and decide each deletion test exactly, so the cores are equal.
                if (!mine.Minimal || !reference.Minimal)
                {
                    return $"a core is not reported minimal: sliced {Names(mine.Core)} ({mine.Minimal}), whole {Names(reference.Core)} ({reference.Minimal})";
                }
                if (Names(mine.Core) != Names(reference.Core))
                {
                    return $"cores differ: sliced {Names(mine.Core)}, whole {Names(reference.Core)}";
                }
                cores++;
            }
            return null;
        }
        // Plain instances have the most varied conflicts; contended ones make the slice and the rest compete for bandwidth.
        var cases = PropertyRunner.Check("core-slices", 20, Property) + PropertyRunner.Check("core-slices-contended", 10, Property, ContendedInstance.Generate);
        output.WriteLine($"core-slices: {cases} cases, {agreed} verdicts agreed, {cores} equal minimal cores");
        Assert.True(agreed > 0, "no generated case was decided by both");
    }

    [Fact]
    public void Certificates_Cvc5ReplaysEveryObligationOfTheDecomposedSolver()
    {
        var replayed = 0;
        var cases = PropertyRunner.Check("decomposed-cvc5", 15, instance =>
        {
            var result = Run(instance, VerificationStrategy.Decomposed);
            if (Unexpected(result) is { } problem)
            {
                return problem;
            }
            foreach (var obligation in result.Obligations)
            {
                var replay = ObligationReplay.Replay(obligation.Script, obligation.Expected, TestSolvers.Cvc5,
                    new SolverOptions { Timeout = TimeSpan.FromSeconds(60) }, allowExtensions: false);
                if (replay.Status == ReplayStatus.Undecided && replay.Result?.Outcome == SolverOutcome.Timeout)
                {
                    continue;
                }
                if (replay.Status != ReplayStatus.Agree)
                {
                    return $"cvc5 on obligation {obligation.Name}: {replay.Status}: {replay.Detail}";
                }
                replayed++;
            }
            return null;
        }, ContendedInstance.Generate);
        output.WriteLine($"decomposed-cvc5: {cases} cases, {replayed} obligations replayed by cvc5");
        Assert.True(replayed > 0, "no obligation was replayed");
    }

    private static string? Compare(LoadedInstance instance, ref int agreed, ref int optima, bool exhaustive)
    {
        var decomposed = Run(instance, VerificationStrategy.Decomposed);
        var monolithic = Run(instance, VerificationStrategy.Monolithic);
        if ((Unexpected(decomposed) ?? Unexpected(monolithic)) is { } problem)
        {
            return problem;
        }
        if (TimedOut(decomposed) || TimedOut(monolithic))
        {
            return null;
        }
        if (decomposed.GetType() != monolithic.GetType())
        {
            return $"the decomposed solver answers {decomposed.GetType().Name}, the monolithic encoding {monolithic.GetType().Name}";
        }
        if (exhaustive)
        {
            var search = Search(instance.Program, instance);
            if (search.Outcome != SearchOutcome.TooLarge && (search.Outcome == SearchOutcome.Satisfiable) != decomposed is VerificationResult.Proven)
            {
                return $"both paths answer {decomposed.GetType().Name}, the exhaustive search {search.Outcome}";
            }
        }
        agreed++;
        switch (decomposed)
        {
            case VerificationResult.Proven plan when monolithic is VerificationResult.Proven reference && plan.OptimalityProven && reference.OptimalityProven:
                var mine = string.Join(", ", plan.Objectives.Select(o => $"{o.Objective.Name}={o.Exact}"));
                var theirs = string.Join(", ", reference.Objectives.Select(o => $"{o.Objective.Name}={o.Exact}"));
                if (mine != theirs)
                {
                    return $"optima differ: decomposed {mine}, monolithic {theirs}";
                }
                optima += plan.Objectives.IsEmpty ? 0 : 1;
                return null;
            case VerificationResult.Unsatisfiable unsat:
                if (!unsat.Minimal)
                {
                    return "the decomposed core " + Names(unsat.Core) + " is not reported minimal";
                }
                // Minimal means: the core alone is unsatisfiable and without any one of its intents it is not,
                // judged by the monolithic encoding (the reference), independently of how the core was found.
                if (new Verifier(instance.Program with { Intents = unsat.Core }, instance.Topology, TestSolvers.Z3, Options with { Strategy = VerificationStrategy.Monolithic }).Verify() is VerificationResult.Proven)
                {
                    return $"the decomposed core {Names(unsat.Core)} is satisfiable by the monolithic encoding";
                }
                foreach (var intent in unsat.Core)
                {
                    var rest = instance.Program with { Intents = unsat.Core.Remove(intent) };
                    if (new Verifier(rest, instance.Topology, TestSolvers.Z3, Options with { Strategy = VerificationStrategy.Monolithic }).Verify() is VerificationResult.Unsatisfiable)
                    {
                        return $"the decomposed core {Names(unsat.Core)} is not minimal: without {intent.Name} it is still unsatisfiable";
                    }
                }
                return null;
            default:
                return null;
        }
    }
}
