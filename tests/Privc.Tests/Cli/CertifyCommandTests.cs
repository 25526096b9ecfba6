using Privc.Cli;
using Privc.Verification.Solving;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Cli;

/// <summary><c>privc certify</c> and <c>privc compile --cross-check cvc5</c> with the real z3 and cvc5, and fakes for the failures.</summary>
public class CertifyCommandTests
{
    private static readonly string Hospital = Path.Combine(TestPaths.Examples, "hospital-au");
    private static readonly string Contradictory = Path.Combine(TestPaths.Examples, "contradictory");

    private static string CompiledHospital()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run("compile", Path.Combine(Hospital, "hospital.priv"), "--topology", Path.Combine(Hospital, "topology.yaml"), "--out", output);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        return output;
    }

    private static string[] CompileContradictory(params string[] extra) =>
        ["compile", Path.Combine(Contradictory, "contradictory.priv"), "--topology", Path.Combine(Contradictory, "topology.yaml"), "--out", Path.Combine(CliRunner.TempFolder(), "out"), .. extra];

    [Fact]
    public void Certify_WithZ3_AgreesOnEveryObligation()
    {
        var result = CliRunner.Run("certify", CompiledHospital(), "--solver", "z3");
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        Assert.Contains("01-satisfiable.smt2: agree", result.Out, StringComparison.Ordinal);
        Assert.Contains("02-bound-cheap.smt2: agree", result.Out, StringComparison.Ordinal);
        Assert.Contains("03-bound-short-routes-hops.smt2: agree", result.Out, StringComparison.Ordinal);
        Assert.Contains("04-bound-short-routes-latency.smt2: agree", result.Out, StringComparison.Ordinal);
        Assert.Contains("route-facts.json: agree (2 of 2 route fact(s) re-derived)", result.Out, StringComparison.Ordinal);
        Assert.Contains("4 obligation(s) and the route facts replayed with z3: 5 agree, 0 disagree, 0 undecided, 0 not replayable", result.Out, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public void Certify_WithCvc5_ConfirmsEveryObligationOfAProvenCertificate()
    {
        // Satisfiability and the optimum's bound are plain SMT-LIB2: a second solver confirms the whole proof.
        var result = CliRunner.Run("certify", CompiledHospital());
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        Assert.Contains("01-satisfiable.smt2: agree (expected sat; cvc5", result.Out, StringComparison.Ordinal);
        Assert.Contains("02-bound-cheap.smt2: agree (expected unsat; cvc5", result.Out, StringComparison.Ordinal);
        // The short-route tie-breaker's optima are proven by the same kind of plain bound query.
        Assert.Contains("03-bound-short-routes-hops.smt2: agree (expected unsat; cvc5", result.Out, StringComparison.Ordinal);
        Assert.Contains("04-bound-short-routes-latency.smt2: agree (expected unsat; cvc5", result.Out, StringComparison.Ordinal);
        Assert.Contains(": 5 agree, 0 disagree, 0 undecided, 0 not replayable", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV8005")]
    public void Certify_WithCvc5_SkipsAnObligationThatUsesZ3Extensions()
    {
        // A certificate from another tool (or an older privc) may hold a query only z3 runs: cvc5 skips it, and a
        // skipped obligation is not agreement.
        var output = CompiledHospital();
        var answers = Path.Combine(output, "certificate", "answers.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(answers))!;
        json["obligations"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "optimiser",
            ["file"] = "obligations/05-optimiser.smt2",
            ["claim"] = "z3's optimiser finds x = 2",
            ["expected"] = "sat",
            ["answer"] = "sat",
        });
        File.WriteAllText(answers, json.ToJsonString());
        File.WriteAllText(Path.Combine(output, "certificate", "obligations", "05-optimiser.smt2"), "(declare-const x Int)\n(assert (> x 1))\n(minimize x)\n(check-sat)\n");
        // A certificate alone, as another tool would hand it over: without compile's record of the digest its artifacts
        // were stamped with, certify has no citation to compare the edited files with (PRIV8017 otherwise).
        File.Delete(Path.Combine(output, "certificate", "artifacts-check.json"));

        var result = CliRunner.Run("certify", output);
        Assert.Equal(ExitCodes.Undecided, result.ExitCode);
        Assert.Contains("05-optimiser.smt2: skipped (expected sat; not replayable by this solver: uses z3's optimisation extension (minimize))", result.Out, StringComparison.Ordinal);
        Assert.Contains("warning PRIV8005: not replayable by cvc5: uses z3's optimisation extension (minimize)", result.Error, StringComparison.Ordinal);
        Assert.Contains(": 5 agree, 0 disagree, 0 undecided, 1 not replayable", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV8003")]
    public void Certify_TamperedAnswer_IsADisagreement()
    {
        var output = CompiledHospital();
        var answers = Path.Combine(output, "certificate", "answers.json");
        var text = File.ReadAllText(answers);
        var at = text.IndexOf("\"expected\": \"sat\"", StringComparison.Ordinal);
        File.WriteAllText(answers, text[..at] + "\"expected\": \"unsat\"" + text[(at + "\"expected\": \"sat\"".Length)..]);
        var result = CliRunner.Run("certify", output);
        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains("01-satisfiable.smt2: DISAGREE", result.Out, StringComparison.Ordinal);
        Assert.Contains("error PRIV8003: solvers disagree:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV8004")]
    public void Certify_SolverTimesOut_IsUndecided()
    {
        var output = CompiledHospital();
        var writer = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(writer, error, Environment.GetEnvironmentVariable) { Solvers = _ => ScriptedSolverFactory.AlwaysTimeout() };
        Assert.Equal(ExitCodes.Undecided, CliApplication.Run(["certify", output, "--solver", "z3"], context));
        Assert.Contains("error PRIV8004: not confirmed:", error.ToString(), StringComparison.Ordinal);
        // The route facts are re-derived by privc's own search, not by the solver: they still agree.
        Assert.Contains(": 1 agree, 0 disagree, 4 undecided", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV8006")]
    public void Certify_TamperedRouteFact_IsRefutedByTheIndependentSearch()
    {
        // The decomposed solver's obligations assert static route facts; certify re-derives them. Dropping the
        // waypoint chain from the recorded route condition makes both of the hospital's facts false (a route through
        // s4 alone would comply, and an empty route would too).
        var output = CompiledHospital();
        var path = Path.Combine(output, "certificate", "route-facts.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var condition in json["classes"]!.AsArray())
        {
            condition!["chains"] = new System.Text.Json.Nodes.JsonArray();
        }
        File.WriteAllText(path, json.ToJsonString());
        var result = CliRunner.Run("certify", output, "--solver", "z3");
        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains("route-facts.json: DISAGREE (0 of 2 route fact(s) re-derived; flow 'research_feed': the route through s4 alone does not comply)", result.Out, StringComparison.Ordinal);
        Assert.Contains("error PRIV8006: a route fact the master obligations assert does not hold: flow 'research_feed'", result.Error, StringComparison.Ordinal);
        Assert.Contains(": 4 agree, 1 disagree, 0 undecided", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Certify_MissingSolver_IsUndecidedWithTheSolverDiagnostic()
    {
        var output = CompiledHospital();
        var result = CliRunner.Run(new UnavailableSolverFactory("cvc5 is not on PATH"), "certify", output);
        Assert.Equal(ExitCodes.Undecided, result.ExitCode);
        Assert.Contains("PRIV4010", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV8001")]
    public void Certify_FolderWithoutCertificate_IsAnInputError()
    {
        var result = CliRunner.Run("certify", CliRunner.TempFolder());
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV8001: no certificate here", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [CoversDiagnostic("PRIV8002")]
    [InlineData("not json", "answers.json is not JSON")]
    [InlineData("{\"obligations\": 3}", "no \"obligations\" array")]
    [InlineData("{\"obligations\": []}", "lists no obligation")]
    [InlineData("{\"obligations\": [{\"name\": \"x\", \"file\": \"obligations/01-satisfiable.smt2\"}]}", "lacks a string")]
    [InlineData("{\"obligations\": [{\"name\": \"x\", \"file\": \"obligations/01-satisfiable.smt2\", \"expected\": \"maybe\"}]}", "only sat and unsat are answers")]
    [InlineData("{\"obligations\": [{\"name\": \"x\", \"file\": \"../../etc/passwd\", \"expected\": \"sat\"}]}", "outside the certificate folder")]
    [InlineData("{\"obligations\": [{\"name\": \"x\", \"file\": \"obligations/none.smt2\", \"expected\": \"sat\"}]}", "cannot be read")]
    public void Certify_MalformedAnswers_IsAnInputError(string answers, string problem)
    {
        var output = CompiledHospital();
        File.WriteAllText(Path.Combine(output, "certificate", "answers.json"), answers);
        var result = CliRunner.Run("certify", output);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV8002: the certificate is malformed", result.Error, StringComparison.Ordinal);
        Assert.Contains(problem, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV8002")]
    public void Certify_ObligationThatIsNotSmtLib_IsMalformed()
    {
        var output = CompiledHospital();
        File.WriteAllText(Path.Combine(output, "certificate", "obligations", "01-satisfiable.smt2"), "(assert (and x");
        var result = CliRunner.Run("certify", output);
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("not SMT-LIB2 text", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CompileCrossCheck_Unsatisfiable_Cvc5Confirms()
    {
        var result = CliRunner.Run(CompileContradictory("--cross-check", "cvc5"));
        Assert.True(result.ExitCode == ExitCodes.Unsatisfiable, result.Error);
        Assert.Contains("cvc5 confirms: unsat (cvc5", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV4017")]
    public void CompileCrossCheck_SecondSolverSaysSat_IsADisagreement()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, Environment.GetEnvironmentVariable)
        {
            Solvers = name => name == "cvc5" ? new ScriptedSolverFactory(() => new ScriptedSession(new CheckResult(SolverOutcome.Sat))) : TestSolvers.Z3,
        };
        Assert.Equal(ExitCodes.Undecided, CliApplication.Run(CompileContradictory("--cross-check", "cvc5"), context));
        Assert.Contains("error PRIV4017: z3 ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("but cvc5 says satisfiable", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CompileCrossCheck_SecondSolverTimesOut_IsUndecided()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, Environment.GetEnvironmentVariable)
        {
            Solvers = name => name == "cvc5" ? ScriptedSolverFactory.AlwaysTimeout() : TestSolvers.Z3,
        };
        Assert.Equal(ExitCodes.Undecided, CliApplication.Run(CompileContradictory("--cross-check", "cvc5"), context));
        Assert.Contains("PRIV4011: cvc5 (cross-checking the unsat core) did not decide", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CompileCrossCheck_ProvenPlan_PointsToCertify()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run("compile", Path.Combine(Hospital, "hospital.priv"), "--topology", Path.Combine(Hospital, "topology.yaml"), "--out", output, "--cross-check", "cvc5");
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains($"run `privc certify {output} --solver cvc5`", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CompileCrossCheck_OnlyCvc5IsAccepted()
    {
        var result = CliRunner.Run(CompileContradictory("--cross-check", "yices"));
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("PRIV0006", result.Error, StringComparison.Ordinal);
    }
}
