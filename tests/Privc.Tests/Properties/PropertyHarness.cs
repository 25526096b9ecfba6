using Privc.Tests.Reference;
using Privc.Checking;
using Privc.Semantics;
using Privc.Verification;
using Privc.Verification.Solving;
using Privc.Tests.Infrastructure;
using Privc.Tests.Properties.Generators;

namespace Privc.Tests.Properties;

/// <summary>The pipeline pieces the properties compare: the real z3 verifier, the exhaustive reference, cvc5.</summary>
public static class PropertyHarness
{
    /// <summary>Generous: a generated instance takes z3 well under a second, so a timeout here means something.</summary>
    public static VerifierOptions Options { get; } = new(new SolverOptions { Timeout = TimeSpan.FromSeconds(60), Seed = 0 }, TimeSpan.FromSeconds(120));

    public static VerificationResult Verify(LoadedInstance instance) => Verify(instance.Program, instance);

    public static VerificationResult Verify(BoundProgram program, LoadedInstance instance) =>
        new Verifier(program, instance.Topology, TestSolvers.Z3, Options).Verify();

    public static SearchResult Search(BoundProgram program, LoadedInstance instance, bool optimise = false) =>
        ExhaustiveSearch.Solve(program, instance.Topology, SearchOptions.Default with { Optimise = optimise, WorkLimit = 4_000_000 });

    /// <summary>Undecided is a failure of every property, except a timeout (which the generous limits make rare).</summary>
    public static string? Unexpected(VerificationResult result) => result switch
    {
        VerificationResult.Undecided { Result.Outcome: SolverOutcome.Timeout } => null,
        VerificationResult.Undecided undecided => $"the verifier was undecided while {undecided.Stage}: {undecided.Result}",
        VerificationResult.Rejected rejected => "the verifier rejected its own plan (a privc bug): " + rejected.Problem,
        _ => null,
    };

    public static bool TimedOut(VerificationResult result) => result is VerificationResult.Undecided { Result.Outcome: SolverOutcome.Timeout };

    public static string Names(IEnumerable<Intent> intents) => "{" + string.Join(", ", intents.Select(i => i.Name)) + "}";
}
