using Privc.Verification.Solving;

namespace Privc.Tests.Infrastructure;

/// <summary>The solver the equivalence and eval tests use: the real z3 process (<see cref="TestSolvers"/>), and whether it is there.</summary>
public static class Solvers
{
    public static bool Z3Available { get; } = FindOnPath("z3");

    public static ISmtSolverFactory Z3 => TestSolvers.Z3;

    public static SolverOptions Options { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static bool FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, name)));
}

/// <summary>A fact that needs the z3 binary; skipped with the reason when it is not installed (CI installs it).</summary>
public sealed class Z3FactAttribute : FactAttribute
{
    public Z3FactAttribute()
    {
        if (!Solvers.Z3Available)
        {
            Skip = "z3 is not on PATH; install it with 'apt-get install z3' (.ci/setup does this as root)";
        }
    }
}

/// <summary>A theory that needs the z3 binary.</summary>
public sealed class Z3TheoryAttribute : TheoryAttribute
{
    public Z3TheoryAttribute()
    {
        if (!Solvers.Z3Available)
        {
            Skip = "z3 is not on PATH; install it with 'apt-get install z3' (.ci/setup does this as root)";
        }
    }
}
