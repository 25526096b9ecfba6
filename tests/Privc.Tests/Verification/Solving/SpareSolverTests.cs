using System.Diagnostics;
using Privc.Verification.Solving;

namespace Privc.Tests.Verification.Solving;

/// <summary>
/// Spare z3 processes (<see cref="ProcessSolverFactory.KeepWarm"/>): a session on a spare answers exactly as a fresh
/// one, takes its own limits, never takes a spare of another kind, and no spare outlives its lease.
/// </summary>
public class SpareSolverTests
{
    private static readonly SolverOptions Cores = new() { Timeout = TimeSpan.FromSeconds(20), ProduceUnsatCores = true };
    private static readonly SolverOptions ModelsOnly = new() { Timeout = TimeSpan.FromSeconds(20) };

    // A problem with many models: a warm session must pick the same one as a cold session.
    private const string Problem = """
        (declare-const x Int)
        (declare-const y Int)
        (declare-const b Bool)
        (assert (! (and (> x 3) (< x 40) (> (+ x y) 17)) :named range))
        (assert (! (=> b (> y x)) :named implied))
        (assert (or b (< y 0) (= (mod x 7) 2)))
        """;

    [Fact]
    public void Start_UnderLease_TakesTheSpareAndAnswersLikeAFreshProcess()
    {
        var factory = new Z3SolverFactory(SolverEnvironment.Process);
        var cold = Answers(factory.Start(Cores).Session!);

        using (factory.KeepWarm([Cores]))
        {
            var spare = WaitForSpares(factory, 1).Single();
            using var session = factory.Start(Cores).Session!;

            Assert.Equal(spare, ((SmtProcessSession)session).ProcessId);
            Assert.Contains("(display true)", session.Transcript);
            Assert.Equal(cold, Answers(session));
        }
    }

    [Fact]
    public void Start_SpareTaken_StartsTheSpareForTheNextExpectedSession()
    {
        var factory = new Z3SolverFactory(SolverEnvironment.Process);
        using var lease = factory.KeepWarm([Cores, Cores, ModelsOnly]);
        // One spare runs ahead of the sessions, not one per expected session.
        var first = WaitForSpares(factory, 1).Single();

        using var one = factory.Start(Cores).Session!;
        var second = WaitForSpares(factory, 1).Single();
        using var two = factory.Start(Cores).Session!;
        var third = WaitForSpares(factory, 1).Single();
        using var three = factory.Start(ModelsOnly).Session!;

        Assert.Equal([first, second, third], [((SmtProcessSession)one).ProcessId!.Value, ((SmtProcessSession)two).ProcessId!.Value, ((SmtProcessSession)three).ProcessId!.Value]);
        Assert.DoesNotContain("produce-unsat-cores", three.Transcript);
        // Nothing more is expected, so nothing more is started.
        Assert.Empty(factory.SpareProcessIds);
        using var four = factory.Start(Cores).Session!;
        Assert.DoesNotContain("(display true)", four.Transcript);
    }

    [Fact]
    public void Dispose_Lease_EndsTheSparesNobodyTook()
    {
        var factory = new Z3SolverFactory(SolverEnvironment.Process);
        var lease = factory.KeepWarm([Cores, ModelsOnly]);
        var spares = WaitForSpares(factory, 1);

        lease.Dispose();

        Assert.Empty(factory.SpareProcessIds);
        // They are ended in the background: the wait only guards against a slow machine.
        var watch = Stopwatch.StartNew();
        while (spares.Any(IsRunning) && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(10);
        }
        Assert.All(spares, pid => Assert.False(IsRunning(pid), $"spare z3 {pid} outlived its lease"));
        // Without a lease, a session is a fresh process and starts no spare.
        using var session = factory.Start(Cores).Session!;
        Assert.DoesNotContain("(display true)", session.Transcript);
        Assert.Empty(factory.SpareProcessIds);
    }

    [Fact]
    public void Start_OtherInitialOptions_NeverTakesTheSpare()
    {
        var factory = new Z3SolverFactory(SolverEnvironment.Process);
        using var lease = factory.KeepWarm([Cores]);
        var spare = WaitForSpares(factory, 1).Single();

        using var session = factory.Start(ModelsOnly).Session!;

        Assert.NotEqual(spare, ((SmtProcessSession)session).ProcessId);
        Assert.DoesNotContain("produce-unsat-cores", session.Transcript);
        Assert.Equal([spare], factory.SpareProcessIds);
    }

    [Fact]
    public void Start_SpareHasDied_StartsAFreshProcessInstead()
    {
        var factory = new Z3SolverFactory(SolverEnvironment.Process);
        using var lease = factory.KeepWarm([Cores]);
        var spare = WaitForSpares(factory, 1).Single();
        using (var process = Process.GetProcessById(spare))
        {
            process.Kill();
            process.WaitForExit();
        }

        using var session = factory.Start(Cores).Session!;

        Assert.Null(session.Failure);
        Assert.NotEqual(spare, ((SmtProcessSession)session).ProcessId);
        Assert.Equal(Answers(new Z3SolverFactory(SolverEnvironment.Process).Start(Cores).Session!), Answers(session));
    }

    [Fact]
    public void Start_OnSpare_TakesItsOwnTimeout()
    {
        var factory = new Z3SolverFactory(SolverEnvironment.Process);
        using var lease = factory.KeepWarm([Cores]);
        WaitForSpares(factory, 1);
        var watch = Stopwatch.StartNew();

        using var session = factory.Start(Cores with { Timeout = TimeSpan.FromMilliseconds(300) }).Session!;
        session.Send(HardProblems.Pigeonhole(11));
        var result = session.CheckSat();

        Assert.Equal(SolverOutcome.Timeout, result.Outcome);
        Assert.Contains("(set-option :timeout 300)", session.Transcript);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"the 300 ms limit was not applied: {watch.Elapsed}");
    }

    [Fact]
    public void KeepWarm_Cvc5_KeepsNoSpares()
    {
        var factory = new Cvc5SolverFactory(SolverEnvironment.Process);
        using var lease = factory.KeepWarm([Cores]);

        Assert.Empty(factory.SpareProcessIds);
        using var session = factory.Start(Cores).Session!;
        Assert.Null(session.Failure);
    }

    private static string Answers(ISmtSession session)
    {
        using (session)
        {
            session.Send(Problem);
            var first = session.CheckSat(["b"]);
            var model = session.GetValues(["x", "y", "b"]);
            var second = session.CheckSat(["(< x 0)"]);
            var core = session.GetUnsatCore();
            return $"{first.Outcome} {string.Join(",", model!.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))} {second.Outcome} {string.Join(",", core!)}";
        }
    }

    private static IReadOnlyList<int> WaitForSpares(ProcessSolverFactory factory, int count)
    {
        // Spares are started before KeepWarm and Start return; the wait only guards against a slow machine.
        var watch = Stopwatch.StartNew();
        while (factory.SpareProcessIds.Count < count && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(10);
        }
        Assert.Equal(count, factory.SpareProcessIds.Count);
        return factory.SpareProcessIds;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
