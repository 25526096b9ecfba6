using Privc.Verification.Solving;

namespace Privc.Tests.Verification.Solving;

/// <summary>Finding the solver binary: flag, then environment variable, then PATH; clear messages when missing.</summary>
public class SolverLocatorTests : IDisposable
{
    private static readonly SolverOptions Options = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly string directory = Directory.CreateTempSubdirectory("privc-locator-").FullName;

    [Fact]
    public void EmptyPath_NothingElse_IsUnavailableWithTheInstallHint()
    {
        var start = new Z3SolverFactory(Environment(("PATH", ""))).Start(Options);

        Assert.Null(start.Session);
        Assert.Equal(
            new CheckResult(SolverOutcome.Unavailable, "z3 was not found: install it with `apt-get install z3`, or pass --z3 PATH / set PRIVC_Z3"),
            start.Failure);
    }

    [Fact]
    public void EmptyPath_Cvc5_NamesItsOwnFlagAndVariable()
    {
        var start = new Cvc5SolverFactory(Environment()).Start(Options);

        Assert.Equal("cvc5 was not found: install it with `apt-get install cvc5`, or pass --cvc5 PATH / set PRIVC_CVC5", start.Failure!.Reason);
    }

    [Fact]
    public void FlagPathThatDoesNotExist_IsUnavailableAndSaysWhere()
    {
        var start = new Z3SolverFactory(Environment(("PATH", "/usr/bin"))).Start(Options with { SolverPath = "/nonexistent/bin/z3" });

        Assert.Equal(SolverOutcome.Unavailable, start.Failure!.Outcome);
        Assert.Contains("'/nonexistent/bin/z3' (given with --z3) does not exist", start.Failure.Reason);
        Assert.Contains("apt-get install z3", start.Failure.Reason);
    }

    [Fact]
    public void EnvironmentVariableThatDoesNotExist_IsUnavailableAndNamesTheVariable()
    {
        var start = new Z3SolverFactory(Environment(("PATH", "/usr/bin"), ("PRIVC_Z3", "/nonexistent/z3"))).Start(Options);

        Assert.Contains("'/nonexistent/z3' (from PRIVC_Z3) does not exist", start.Failure!.Reason);
    }

    [Fact]
    public void FlagWinsOverEnvironmentWhichWinsOverPath()
    {
        var env = Environment(("PATH", "/nonexistent"), ("PRIVC_Z3", "/nonexistent/from-env"));

        Assert.Equal(RealSolvers.PathOf("z3"), SolverLocator.Find(SolverDialect.Z3, RealSolvers.PathOf("z3"), env, out _));
        Assert.Null(SolverLocator.Find(SolverDialect.Z3, null, env, out var problem));
        Assert.Contains("PRIVC_Z3", problem);
        var real = Path.GetDirectoryName(RealSolvers.PathOf("z3"))!;
        Assert.Equal(RealSolvers.PathOf("z3"), SolverLocator.Find(SolverDialect.Z3, null, Environment(("PATH", "/nonexistent:" + real)), out _));
    }

    [Fact]
    public void BareNameInVariable_IsLookedUpOnPath()
    {
        var real = Path.GetDirectoryName(RealSolvers.PathOf("z3"))!;

        Assert.Equal(RealSolvers.PathOf("z3"), SolverLocator.Find(SolverDialect.Z3, null, Environment(("PATH", real), ("PRIVC_Z3", "z3")), out _));
    }

    [Fact]
    public void NonExecutableFile_IsSkippedOnPathAndRejectedByPath()
    {
        var file = Path.Combine(directory, "z3");
        File.WriteAllText(file, "not a program");

        Assert.Null(SolverLocator.Find(SolverDialect.Z3, null, Environment(("PATH", directory)), out var fromPath));
        Assert.StartsWith("z3 was not found: install it", fromPath);
        Assert.Null(SolverLocator.Find(SolverDialect.Z3, file, Environment(), out var fromFlag));
        Assert.Contains("is not executable", fromFlag);
    }

    [Fact]
    public void DirectoryGivenAsSolver_IsUnavailable()
    {
        SolverLocator.Find(SolverDialect.Z3, directory, Environment(), out var problem);

        Assert.Contains("is a directory", problem);
    }

    [Fact]
    public void RealZ3_VersionIsParsedOnceAndIsAtLeast48()
    {
        var factory = new Z3SolverFactory(SolverEnvironment.Process);

        var (version, failure) = factory.FindVersion(Options);

        Assert.True(version is not null, failure?.Reason);
        Assert.True(version.CompareTo(new SolverVersion(4, 8, 0)) >= 0, $"z3 {version}");
        Assert.Same(version, factory.FindVersion(Options).Value);
    }

    [Fact]
    public void RealCvc5_VersionIsParsed()
    {
        var (version, failure) = new Cvc5SolverFactory(SolverEnvironment.Process).FindVersion(Options);

        Assert.True(version is not null, failure?.Reason);
        Assert.True(version.Major >= 1, $"cvc5 {version}");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();
}
