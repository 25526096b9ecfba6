using Privc.Verification.Solving;

namespace Privc.Tests.Infrastructure;

/// <summary>The real solver factories, found the way the CLI finds them (PRIVC_Z3 / PRIVC_CVC5, then PATH).</summary>
public static class TestSolvers
{
    public static ISmtSolverFactory Z3 { get; } = new Z3SolverFactory(SolverEnvironment.Process);

    public static ISmtSolverFactory Cvc5 { get; } = new Cvc5SolverFactory(SolverEnvironment.Process);
}
