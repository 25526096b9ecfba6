using System.Diagnostics;
using Privc.Verification.Solving;

namespace Privc.Tests.Verification.Solving;

/// <summary>The transcript is exactly what was sent (no markers), the same on every run, and replays with the solver.</summary>
public class TranscriptTests
{
    private const string Problem = """
        (declare-const x Int)
        (declare-const y Int)
        (assert (! (> x 4) :named low))
        (assert (= y (- x 9)))
        """;

    [Fact]
    public void Transcript_TwoRuns_AreIdenticalAndHoldNoMarkersPathsOrPids()
    {
        var first = Run(RealSolvers.Z3);
        var second = Run(RealSolvers.Z3);

        Assert.Equal(first.Transcript, second.Transcript);
        Assert.DoesNotContain("privc-sync", first.Transcript);
        Assert.DoesNotContain("echo", first.Transcript);
        Assert.DoesNotContain("/usr/bin", first.Transcript);
        Assert.EndsWith("(get-unsat-core)\n(pop 1)\n", first.Transcript);
    }

    [Fact]
    public void Transcript_ReplayedByZ3_GivesTheSameAnswers()
    {
        var run = Run(RealSolvers.Z3);

        var replay = Replay(RealSolvers.PathOf("z3"), ["-smt2"], run.Transcript);

        Assert.Equal(run.Answers, replay);
    }

    [Fact]
    public void Transcript_ReplayedByCvc5_GivesTheSameAnswers()
    {
        var run = Run(RealSolvers.Cvc5);

        var replay = Replay(RealSolvers.PathOf("cvc5"), ["--lang=smt2"], run.Transcript);

        Assert.Equal(run.Answers, replay);
    }

    /// <summary>A short session; returns its transcript and its answers in the order the solver printed them.</summary>
    private static (string Transcript, string[] Answers) Run(Func<SolverOptions?, ISmtSession> start)
    {
        using var session = start(new SolverOptions { Timeout = TimeSpan.FromSeconds(20), ProduceUnsatCores = true, Seed = 3 });
        session.Send(Problem);
        var sat = session.CheckSat();
        var values = session.GetValues(["x", "y"])!;
        session.Send("(push 1)\n(assert (! (< x 0) :named negative))");
        var unsat = session.CheckSat();
        var core = session.GetUnsatCore()!;
        session.Send("(pop 1)");
        Assert.Null(session.Failure);
        return (session.Transcript,
            [
                sat.Outcome.ToString().ToLowerInvariant(),
                $"((x {values["x"]}) (y {values["y"]}))",
                unsat.Outcome.ToString().ToLowerInvariant(),
                "(" + string.Join(" ", core) + ")",
            ]);
    }

    private static string[] Replay(string solver, string[] arguments, string transcript)
    {
        var file = Path.Combine(Path.GetTempPath(), $"privc-transcript-{Guid.NewGuid():N}.smt2");
        File.WriteAllText(file, transcript);
        try
        {
            var info = new ProcessStartInfo(solver) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments.Append(file))
            {
                info.ArgumentList.Add(argument);
            }
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)), "the replay did not finish");
            var answers = SExprReader.TryReadAll(output.Result, out var error);
            Assert.True(answers is not null, $"{error}: {output.Result}");
            // Cores are compared as sets: the session sorts them, the solver prints its own order.
            return answers.Value.Select(a => a is SList list && list.Items.All(i => i is SAtom)
                ? "(" + string.Join(" ", list.Items.Select(i => i.ToCanonical()).Order(StringComparer.Ordinal)) + ")"
                : a.ToCanonical()).ToArray();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
