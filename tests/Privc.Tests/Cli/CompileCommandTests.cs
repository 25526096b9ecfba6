using Privc.Cli;
using Privc.Tests.Infrastructure;


namespace Privc.Tests.Cli;

public class CompileCommandTests
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "hospital-au");

    private static string[] CompileArgs(string output) =>
        ["compile", Path.Combine(Example, "hospital.priv"), "--topology", Path.Combine(Example, "topology.yaml"), "--out", output];

    [Fact]
    public void Compile_HospitalExample_WritesPlanAndCertificate()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run(CompileArgs(output));
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.True(File.Exists(Path.Combine(output, "plan.json")));
        Assert.True(File.Exists(Path.Combine(output, "certificate", "checker.json")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "certificate", "obligations"), "*.smt2"));
        Assert.Contains("independent checker: compliant", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_Twice_IsByteIdentical()
    {
        var root = CliRunner.TempFolder();
        var first = CliRunner.Run(CompileArgs(Path.Combine(root, "a")));
        var second = CliRunner.Run(CompileArgs(Path.Combine(root, "b")));
        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        var a = CliRunner.Snapshot(Path.Combine(root, "a"));
        var b = CliRunner.Snapshot(Path.Combine(root, "b"));
        Assert.Equal(a.Keys, b.Keys);
        Assert.All(a, pair => Assert.True(pair.Value.SequenceEqual(b[pair.Key]), $"{pair.Key} differs"));
        Assert.Equal(first.Out, second.Out.Replace(Path.Combine(root, "b"), Path.Combine(root, "a"), StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_ObligationsReplayWithZ3_AsClaimed()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        Assert.Equal(ExitCodes.Success, CliRunner.Run(CompileArgs(output)).ExitCode);
        foreach (var file in Directory.GetFiles(Path.Combine(output, "certificate", "obligations")))
        {
            var expected = File.ReadLines(file).First(l => l.StartsWith("; expected answer: ", StringComparison.Ordinal))["; expected answer: ".Length..];
            var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("z3", ["-smt2", file]) { RedirectStandardOutput = true })!;
            var answer = process.StandardOutput.ReadToEnd().Split('\n')[0].Trim();
            process.WaitForExit();
            Assert.Equal(expected, answer);
        }
    }

    [Theory]
    [InlineData("timeout", "decomposed")]
    [InlineData("unknown", "decomposed")]
    [InlineData("unavailable", "decomposed")]
    [InlineData("timeout", "monolithic")]
    [InlineData("unknown", "monolithic")]
    [InlineData("dies", "monolithic")]
    [InlineData("unavailable", "monolithic")]
    public void Compile_SolverCannotDecide_ExitsThreeAndWritesNothing(string fault, string strategy)
    {
        // A solver that dies only when asked for a model cannot stop the decomposed solver, which finds the
        // hospital's plan by graph search and the independent checker; that fault is the monolithic path's.
        Privc.Verification.Solving.ISmtSolverFactory solver = fault switch
        {
            "timeout" => ScriptedSolverFactory.AlwaysTimeout(),
            "unknown" => ScriptedSolverFactory.AlwaysUnknown("(incomplete quantifiers)"),
            "dies" => ScriptedSolverFactory.DiesMidAnswer(),
            _ => new UnavailableSolverFactory("z3 was not found"),
        };
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run(solver, [.. CompileArgs(output), "--strategy", strategy]);
        Assert.Equal(ExitCodes.Undecided, result.ExitCode);
        Assert.Matches(@"error PRIV401\d", result.Error);
        Assert.False(Directory.Exists(output));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [CoversDiagnostic("PRIV4002")]
    [Fact]
    public void Compile_SolverLiesWithAGarbageModel_IsRejectedNotEmitted()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run(ScriptedSolverFactory.Garbage(), CompileArgs(output));
        Assert.Equal(ExitCodes.Undecided, result.ExitCode);
        Assert.Contains("PRIV4002", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Compile_PreviousOutputFolder_IsReplacedWhole()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        Assert.Equal(ExitCodes.Success, CliRunner.Run(CompileArgs(output)).ExitCode);
        var first = CliRunner.Snapshot(output);
        Assert.Equal(ExitCodes.Success, CliRunner.Run(CompileArgs(output)).ExitCode);
        Assert.Equal(first, CliRunner.Snapshot(output));
    }

    [Fact]
    public void Compile_OutputFolderWithAUsersFile_IsRefusedUnlessForced()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "deploy");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "kustomization.yaml"), "resources: []\n");

        var refused = CliRunner.Run(CompileArgs(output));
        Assert.Equal(ExitCodes.InputError, refused.ExitCode);
        Assert.Contains("error PRIV0009", refused.Error, StringComparison.Ordinal);
        Assert.Contains("'kustomization.yaml'", refused.Error, StringComparison.Ordinal);
        Assert.Equal("resources: []\n", File.ReadAllText(Path.Combine(output, "kustomization.yaml")));
        Assert.False(File.Exists(Path.Combine(output, "plan.json")));

        Assert.Equal(ExitCodes.Success, CliRunner.Run([.. CompileArgs(output), "--force"]).ExitCode);
        Assert.False(File.Exists(Path.Combine(output, "kustomization.yaml")));
        Assert.True(File.Exists(Path.Combine(output, "plan.json")));
    }

    [CoversDiagnostic("PRIV4001")]
    [Fact]
    public void Compile_Unsatisfiable_PrintsSourceLocatedCoreAndExitsTwo()
    {
        var folder = CliRunner.TempFolder();
        var source = Path.Combine(folder, "conflict.priv");
        File.WriteAllText(source, File.ReadAllText(Path.Combine(Example, "hospital.priv")) + "intent research_in_tee_at_edge: place research on tier == edge and tee;\n");
        var output = Path.Combine(folder, "out");
        var result = CliRunner.Run(["compile", source, "--topology", Path.Combine(Example, "topology.yaml"), "--out", output]);
        Assert.Equal(ExitCodes.Unsatisfiable, result.ExitCode);
        Assert.Contains("PRIV4001", result.Error, StringComparison.Ordinal);
        Assert.Contains("conflict.priv:", result.Error, StringComparison.Ordinal);
        Assert.Contains("why:", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Compile_JsonFormat_IsMachineReadable()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run([.. CompileArgs(output), "--format", "json"]);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var document = System.Text.Json.JsonDocument.Parse(result.Out);
        Assert.Equal("proven", document.RootElement.GetProperty("status").GetString());
        Assert.Equal(4, document.RootElement.GetProperty("services").GetArrayLength());
    }

    [CoversDiagnostic("PRIV4003")]
    [Fact]
    public void Compile_ShrinkingChecksUndecided_WarnsTheCoreMayNotBeMinimal()
    {
        // The first check is real and unsat; every later check times out, so no intent can be dropped for sure.
        // (The monolithic path: the decomposed solver shrinks this static conflict without the solver.)
        var folder = CliRunner.TempFolder();
        var source = Path.Combine(folder, "conflict.priv");
        File.WriteAllText(source, File.ReadAllText(Path.Combine(TestPaths.Examples, "contradictory", "contradictory.priv")));
        var solver = new BudgetedSolverFactory(TestSolvers.Z3, decidedChecks: 1);
        var result = CliRunner.Run(solver, ["compile", source, "--topology", Path.Combine(TestPaths.Examples, "contradictory", "topology.yaml"), "--out", Path.Combine(folder, "out"), "--strategy", "monolithic"]);
        Assert.Equal(ExitCodes.Unsatisfiable, result.ExitCode);
        Assert.Contains("warning PRIV4003", result.Error, StringComparison.Ordinal);
    }

    [CoversDiagnostic("PRIV4004")]
    [Fact]
    public void Compile_OptimisationCutShort_EmitsTheBestPlanMarkedNotProven()
    {
        // The satisfiability check is real; the optimiser and bisection then run out of time.
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run(new BudgetedSolverFactory(TestSolvers.Z3, decidedChecks: 1), CompileArgs(output));
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains("warning PRIV4004", result.Error, StringComparison.Ordinal);
        Assert.Contains("best found, not proven optimal", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"optimal\": false", File.ReadAllText(Path.Combine(output, "plan.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_FirstObjectiveBoundUndecided_RestsOnTheOptimiserAndSaysSo()
    {
        // The satisfiability check and z3's optimiser are real; the unsat bound for the (only) objective times out.
        // The first optimum may rest on z3's optimiser: proven, with its query in the certificate instead of a bound.
        // (The monolithic path: the decomposed solver never rests on the optimiser. Without the short-route
        // tie-breaker, whose later bounds would be undecided too.)
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run(new BudgetedSolverFactory(TestSolvers.Z3, decidedChecks: 2), [.. CompileArgs(output), "--strategy", "monolithic", "--route-preference", "none"]);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.DoesNotContain("PRIV4004", result.Error, StringComparison.Ordinal);
        var obligations = Directory.GetFiles(Path.Combine(output, "certificate", "obligations")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["01-satisfiable.smt2", "02-optimal.smt2"], obligations);
    }

    [Fact]
    public void Compile_LaterObjectiveBoundUndecided_IsNotClaimedOptimal()
    {
        // z3 4.8.12's optimiser can be wrong on a later objective, so its word is not enough there: with the second
        // objective's bound undecided, the plan stands, marked not proven optimal.
        var folder = CliRunner.TempFolder();
        var source = Path.Combine(folder, "hospital.priv");
        File.WriteAllText(source, File.ReadAllText(Path.Combine(Example, "hospital.priv")) + "objective quick: minimize latency;\n");
        var output = Path.Combine(folder, "out");
        var result = CliRunner.Run(new BudgetedSolverFactory(TestSolvers.Z3, decidedChecks: 3),
            ["compile", source, "--topology", Path.Combine(Example, "topology.yaml"), "--out", output]);
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains("warning PRIV4004", result.Error, StringComparison.Ordinal);
        Assert.Contains("objective 'quick'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("objective 'cheap'", result.Error, StringComparison.Ordinal);
        Assert.Contains("cheap: cost = 4 (optimal, proven)", result.Out, StringComparison.Ordinal);
        Assert.Contains("best found, not proven optimal", result.Out, StringComparison.Ordinal);
    }
}
