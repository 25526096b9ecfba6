using Privc.Verification.Solving;

namespace Privc.Tests.Verification.Solving.Fakes;

/// <summary>
/// An <see cref="ISmtSolverFactory"/> whose sessions run the real session code against an in-process fake solver,
/// and which records every command its sessions sent (markers excluded), in order.
/// </summary>
public sealed class FakeSolverFactory(Func<SList, FakeReply> solver, string name = "fake 1.0") : ISmtSolverFactory
{
    private readonly List<string> requests = new();

    /// <summary>Every command received so far, in canonical SMT-LIB text.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (requests)
            {
                return requests.ToArray();
            }
        }
    }

    public SolverStart Start(SolverOptions options) =>
        SmtProcessSession.Open(new FakeChannel(solver, requests), SolverDialect.Z3, options, name);
}
