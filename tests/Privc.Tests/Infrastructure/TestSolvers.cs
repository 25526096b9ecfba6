using Privc.Solving;

namespace Privc.Tests.Infrastructure;

/// <summary>The real solvers, found the way the CLI finds them (PRIVC_Z3 / PRIVC_CVC5, then PATH).</summary>
public static class TestSolvers
{
    public static ISmtSolverFactory Z3 { get; } = ProcessSolverFactory.Z3(Environment.GetEnvironmentVariable);

    public static ISmtSolverFactory Cvc5 { get; } = ProcessSolverFactory.Cvc5(Environment.GetEnvironmentVariable);
}
