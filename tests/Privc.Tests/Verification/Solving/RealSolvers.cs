using System.Text;
using Privc.Verification.Solving;

namespace Privc.Tests.Verification.Solving;

/// <summary>
/// Starts the real z3 and cvc5 found the way privc finds them. A missing solver fails the test with the factory's
/// own message (CI installs both), rather than skipping it and passing silently.
/// </summary>
public static class RealSolvers
{
    public static ISmtSession Z3(SolverOptions? options = null) => Started(new Z3SolverFactory(SolverEnvironment.Process), options);

    public static ISmtSession Cvc5(SolverOptions? options = null) => Started(new Cvc5SolverFactory(SolverEnvironment.Process), options);

    public static ISmtSession Started(ISmtSolverFactory factory, SolverOptions? options = null)
    {
        var start = factory.Start(options ?? new SolverOptions { Timeout = TimeSpan.FromSeconds(20), ProduceUnsatCores = true });
        Assert.True(start.Session is not null, $"the solver did not start: {start.Failure}");
        return start.Session!;
    }

    /// <summary>The path of a real solver binary (fails the test when it is missing).</summary>
    public static string PathOf(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
        Assert.True(path is not null, $"{name} is not on PATH; install it with `apt-get install {name}`");
        return path!;
    }
}

/// <summary>Problems no solver decides quickly, for tests of limits.</summary>
public static class HardProblems
{
    /// <summary>n+1 pigeons in n holes: unsatisfiable, exponential for resolution (z3 needs far more than 20 s at n = 13).</summary>
    public static string Pigeonhole(int holes)
    {
        var text = new StringBuilder();
        for (var p = 0; p <= holes; p++)
        {
            for (var h = 0; h < holes; h++)
            {
                text.Append($"(declare-const p{p}_{h} Bool)\n");
            }
        }
        for (var p = 0; p <= holes; p++)
        {
            text.Append("(assert (or").Append(string.Concat(Enumerable.Range(0, holes).Select(h => $" p{p}_{h}"))).Append("))\n");
        }
        for (var h = 0; h < holes; h++)
        {
            for (var a = 0; a <= holes; a++)
            {
                for (var b = a + 1; b <= holes; b++)
                {
                    text.Append($"(assert (or (not p{a}_{h}) (not p{b}_{h})))\n");
                }
            }
        }
        return text.ToString();
    }

    /// <summary>x^3 + y^3 = z^3 over integers above 1 (Fermat, n = 3): no solver proves it.</summary>
    public const string NonlinearCubes = """
        (declare-const x Int)
        (declare-const y Int)
        (declare-const z Int)
        (assert (> x 1))
        (assert (> y 1))
        (assert (> z 1))
        (assert (= (+ (* x x x) (* y y y)) (* z z z)))
        """;
}
