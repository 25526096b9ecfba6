using System.Globalization;
using System.Text;
using Privc.Checking;
using Privc.Tests.Infrastructure;
using Privc.Verification;
using Privc.Verification.Solving;

namespace Privc.Tests.Resilience;

/// <summary>
/// The solver's reading of R1 against the independent checker's, on random small networks (specs/semantics.md
/// section 9): a and b are pinned to two random nodes, the flow may avoid a random set of links. By the
/// critical-element property, R1 holds for one compliant route exactly when it holds for every one, so the solver
/// must prove a plan exactly when the checker finds every element of the plain plan's route survivable, and be
/// unsatisfiable otherwise. Also checks that every resilient plan the solver returns passes the checker.
/// </summary>
public class ResilienceAgreementTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    private enum Outcome
    {
        NoRoute,
        Protected,
        Unprotected,
    }

    [Fact]
    public void Resilience_RandomMeshes_SolverAgreesWithTheCheckerOnBothOutcomes()
    {
        var outcomes = Enumerable.Range(1, 12).Select(Agree).ToList();
        // The generator must exercise both answers, or the agreement says little.
        Assert.Contains(Outcome.Protected, outcomes);
        Assert.Contains(Outcome.Unprotected, outcomes);
    }

    private static Outcome Agree(int seed)
    {
        var random = new Random(seed);
        var devices = random.Next(4, 8);
        var topology = new StringBuilder("name: mesh\ndevices:\n");
        for (var d = 1; d <= devices; d++)
        {
            topology.Append(CultureInfo.InvariantCulture, $"  - {{id: \"of:{d:x16}\", name: s{d}}}\n");
        }
        topology.Append("nodes:\n");
        for (var d = 1; d <= devices; d++)
        {
            topology.Append(CultureInfo.InvariantCulture, $"  - {{name: n{d}, capacity: {{cpu: 4, memory: 8Gi}}, ip: 10.0.0.{d}, cost: 1, attach: {{device: s{d}, port: 10}}}}\n");
        }
        topology.Append("links:\n");
        var port = new int[devices + 1];
        var cables = new List<(int A, int B)>();
        // A random spanning tree keeps the network connected; extra cables make some pairs redundant.
        for (var d = 2; d <= devices; d++)
        {
            cables.Add((random.Next(1, d), d));
        }
        for (var extra = random.Next(0, devices); extra > 0; extra--)
        {
            var (a, b) = (random.Next(1, devices + 1), random.Next(1, devices + 1));
            if (a != b)
            {
                cables.Add((a, b));
            }
        }
        foreach (var (a, b) in cables)
        {
            var encrypted = random.Next(4) > 0 ? "true" : "false";
            topology.Append(CultureInfo.InvariantCulture,
                $"  - {{a: {{device: s{a}, port: {++port[a]}}}, b: {{device: s{b}, port: {++port[b]}}}, latency: {random.Next(1, 5)}ms, bandwidth: 1Gbps, labels: {{encrypted: {encrypted}}}}}\n");
        }
        var (source, target) = (random.Next(1, devices + 1), random.Next(1, devices + 1));
        while (target == source)
        {
            target = random.Next(1, devices + 1);
        }
        var avoid = random.Next(2) == 0 ? "intent sealed: route f avoid links where encrypted == false;\n" : string.Empty;
        var program = $"""
            levels public < restricted;
            data D: restricted;
            service a {"{"} image "r/a:1"; replicas 1; cpu 100m; memory 64Mi; ports 80; tenant t; handles D; clearance restricted; {"}"}
            service b {"{"} image "r/b:1"; replicas 1; cpu 100m; memory 64Mi; ports 90; tenant t; clearance restricted; {"}"}
            flow f: a -> b carries D bandwidth 1Mbps port 90;
            intent pin_a: place a on name == n{source};
            intent pin_b: place b on name == n{target};
            {avoid}
            """;
        var model = TestSources.LoadTopology(topology.ToString());
        var compilation = TestSources.Compile(program, model);
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        var options = new VerifierOptions(new SolverOptions { Timeout = Budget, Seed = 0 }, Budget);

        var plain = new Verifier(compilation.Program!, model, TestSolvers.Z3, options).Verify();
        var resilient = new Verifier(compilation.Program!, model, TestSolvers.Z3, options with { Resilience = 1 }).Verify();
        if (plain is not VerificationResult.Proven proven)
        {
            // Without any compliant route there is nothing to protect either.
            Assert.IsType<VerificationResult.Unsatisfiable>(plain);
            Assert.IsType<VerificationResult.Unsatisfiable>(resilient);
            return Outcome.NoRoute;
        }
        var checkerSays = ResilienceChecker.Check(compilation.Program!, model, proven.Plan);
        if (checkerSays.Compliant)
        {
            var plan = Assert.IsType<VerificationResult.Proven>(resilient);
            Assert.Equal(1, plan.Resilience);
            Assert.True(ResilienceChecker.Check(compilation.Program!, model, plan.Plan).Compliant);
            return Outcome.Protected;
        }
        else
        {
            var unsat = Assert.IsType<VerificationResult.Unsatisfiable>(resilient);
            var flow = Assert.Single(unsat.Unprotected);
            Assert.Equal("f", flow.Flow);
            Assert.Contains(checkerSays.Violations, v => (v.Witness.Device is { } d ? $"device '{d}'" : $"link {v.Witness.Link}") == flow.Failed);
            return Outcome.Unprotected;
        }
    }
}
