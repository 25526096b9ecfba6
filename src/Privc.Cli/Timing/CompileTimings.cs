using System.Diagnostics;
using System.Globalization;
using System.Text;
using Privc.Compiler;

namespace Privc.Cli.Timing;

/// <summary>
/// <c>privc compile --timings</c>: where one compile's wall-clock time went, on standard error (machine-dependent,
/// so never on standard output or in any artifact). The process start figure is the time from the operating
/// system starting the process to privc's first instruction (the .NET host, runtime start and assembly loading).
/// </summary>
internal static class CompileTimings
{
    /// <summary>How long ago the operating system started this process.</summary>
    public static TimeSpan SinceProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        return DateTime.Now - process.StartTime;
    }

    public static string Format(TimeSpan beforeMain, CompileResult result, TimeSpan write, int solverSessions, TimeSpan total)
    {
        var text = new StringBuilder();
        void Line(string stage, TimeSpan elapsed, string? detail = null) =>
            text.Append(CultureInfo.InvariantCulture, $"timings: {stage,-22} {elapsed.TotalMilliseconds,8:0} ms{(detail is null ? string.Empty : "  " + detail)}\n");
        Line("process start", beforeMain, "(runtime start, assembly loading, command line)");
        foreach (var stage in result.Stages)
        {
            Line(stage.Stage, stage.Elapsed, stage.Stage == "verify" ? VerifyDetail(result) : null);
        }
        Line("write", write);
        var accounted = beforeMain + write + result.Stages.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Elapsed);
        Line("other", total - accounted, "(command line, summary, exit)");
        Line("total", total, $"({solverSessions} solver session{(solverSessions == 1 ? string.Empty : "s")}, each one solver process, plus one version probe per solver binary)");
        Routing(text, result);
        return text.ToString();
    }

    /// <summary>The contended case's detail: every SMT routing problem and every nogood, by master iteration.</summary>
    private static void Routing(StringBuilder text, CompileResult result)
    {
        if (Statistics(result) is not { } statistics)
        {
            return;
        }
        foreach (var p in statistics.RoutingProblems)
        {
            text.Append(CultureInfo.InvariantCulture, $"timings: routing SMT      iteration {p.Iteration,3}  {p.Question,-9} {p.Classes,4} classes {p.Items,4} items {p.LinkVariables,6} link vars {p.ScriptBytes / 1024,6} KiB {p.SolverMs,9:0} ms  {p.Answer}\n");
        }
        foreach (var n in statistics.LearntNogoods)
        {
            text.Append(CultureInfo.InvariantCulture, $"timings: nogood           iteration {n.Iteration,3}  {n.Kind,-7} {n.Hosts,3} facts over {n.Services,3} services, excludes 10^{n.ExcludedLog10:0.0} of the placements\n");
        }
    }

    private static Privc.Verification.Decomposition.DecompositionStatistics? Statistics(CompileResult result) => result switch
    {
        CompileResult.Proven p => p.Verification.Decomposition,
        CompileResult.Unsatisfiable u => u.Verification.Decomposition,
        CompileResult.Undecided u => u.Verification.Decomposition,
        _ => null,
    };

    private static string? VerifyDetail(CompileResult result)
    {
        var statistics = Statistics(result);
        return statistics is null
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"(static facts {statistics.StaticFactsMs:0}, heuristic {statistics.HeuristicMs:0}, master encoding {statistics.MasterEncodeMs:0}, routing {statistics.RoutingMs:0}, independent check {statistics.CheckMs:0}, optimum {statistics.OptimiseMs:0}, core {statistics.CoreMs:0}; inside the solver {statistics.SolverMs:0} ms over {statistics.SolverCalls} checks)");
    }
}
