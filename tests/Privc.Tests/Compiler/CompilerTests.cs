using Privc.Compiler;
using Privc.Artifacts.Emit;

namespace Privc.Tests.Compiler;

/// <summary>The compile driver: one pipeline, timed stages, every outcome typed, nothing written by it.</summary>
public class CompilerTests
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "hospital-au");

    private static Privc.Compiler.Compiler Driver() => new(TestSolvers.Z3, CompileOptions.WithTimeout(TimeSpan.FromSeconds(120)));

    [Fact]
    public void Compile_HospitalExample_IsProvenWithAllArtifactsAndTimedStages()
    {
        var result = Driver().Compile([Path.Combine(Example, "hospital.priv")], Path.Combine(Example, "topology.yaml"));
        var proven = Assert.IsType<CompileResult.Proven>(result);
        Assert.Contains("plan.json", proven.Bundle.Files.Keys);
        Assert.Contains("onos/flows.json", proven.Bundle.Files.Keys);
        Assert.Contains(proven.Bundle.Files.Keys, k => k.StartsWith("kubernetes/", StringComparison.Ordinal));
        Assert.Contains("certificate/artifacts-check.json", proven.Bundle.Files.Keys);
        Assert.DoesNotContain(OutputFolder.MarkerName, proven.Bundle.Files.Keys);
        Assert.Equal(["load and type-check", "verify", "emit", "self-check"], proven.Stages.Select(s => s.Stage));
        Assert.All(proven.Stages, s => Assert.True(s.Elapsed >= TimeSpan.Zero));
    }

    [Fact]
    public void Compile_ContradictoryExample_IsUnsatisfiableWithACore()
    {
        var folder = Path.Combine(TestPaths.Examples, "contradictory");
        var result = Driver().Compile(Directory.GetFiles(folder, "*.priv"), Path.Combine(folder, "topology.yaml"));
        var unsat = Assert.IsType<CompileResult.Unsatisfiable>(result);
        Assert.Equal(2, unsat.Verification.Core.Length);
        Assert.True(unsat.Verification.Minimal);
    }

    [Fact]
    public void Compile_TypeErrors_AreInvalidAndNothingIsVerified()
    {
        var folder = Path.Combine(TestPaths.Examples, "type-errors");
        var result = Driver().Compile(Directory.GetFiles(folder, "*.priv"), Path.Combine(folder, "topology.yaml"));
        var invalid = Assert.IsType<CompileResult.Invalid>(result);
        Assert.Contains(invalid.Diagnostics, d => d.IsError);
        Assert.DoesNotContain(invalid.Stages, s => s.Stage == "verify");
    }

    [Fact]
    public void Compile_WithoutOptimising_IgnoresTheObjectives()
    {
        var result = new Privc.Compiler.Compiler(TestSolvers.Z3, CompileOptions.WithTimeout(TimeSpan.FromSeconds(120)) with { Optimise = false })
            .Compile([Path.Combine(Example, "hospital.priv")], Path.Combine(Example, "topology.yaml"));
        var proven = Assert.IsType<CompileResult.Proven>(result);
        Assert.Empty(proven.Verification.Objectives);
        Assert.Empty(proven.Program.Objectives);
    }
}
