using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Privc.Verification;
using Privc.Verification.Solving;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Benchmarks;

/// <summary>One benchmark run, as the child process reports it (times in milliseconds, memory in KiB).</summary>
public sealed record Measurement(
    string Scenario, string Strategy, int Devices, int Nodes, int DirectedLinks, int Services, int Flows, int Intents,
    double ParseMs, double BindMs, double VerifyMs, double TotalMs, string Outcome, int CoreSize, bool? CoreMinimal,
    double StaticFactsMs, double HeuristicMs, double MasterEncodeMs, double RoutingMs, double CheckMs, double OptimiseMs, double CoreMs,
    double SolverMs, int SolverCalls, int MasterIterations, int Nogoods, int OptimalityCuts, int RoutingSmtProblems,
    int MasterPlacements, int MasterAssertions, long MasterBytes, int RouteFacts, bool HeuristicPlan, int CoreChecks,
    long PrivcPeakKb, long SolverPeakKb, double PrivcCpuMs = 0, double SolverCpuMs = 0);

internal static class Child
{
    public static int Run(string spec, string strategy, int seed, int timeoutSeconds, string zooFolder)
    {
        var scenario = BenchmarkArgs.Build(spec, seed, zooFolder);
        var total = Stopwatch.StartNew();
        var topologyResult = TopologyLoader.Load(new SourceText("topology.yaml", scenario.Topology));
        var topology = topologyResult.Topology ?? throw new InvalidOperationException(string.Join("\n", topologyResult.Diagnostics));
        var watch = Stopwatch.StartNew();
        var compilation = new Compilation([new SourceText("bench.priv", scenario.Intents)], topology);
        _ = compilation.ParseResults;
        var parseMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var program = compilation.Program ?? throw new InvalidOperationException(string.Join("\n", compilation.Diagnostics));
        var bindMs = watch.Elapsed.TotalMilliseconds;

        var factory = new Z3SolverFactory(SolverEnvironment.Process);
        var budget = TimeSpan.FromSeconds(timeoutSeconds);
        var options = new VerifierOptions(new SolverOptions { Timeout = budget, Seed = 0 }, budget)
        {
            Strategy = strategy == "monolithic" ? VerificationStrategy.Monolithic : VerificationStrategy.Decomposed,
        };
        watch.Restart();
        var result = new Verifier(program, topology, factory, options).Verify();
        var verifyMs = watch.Elapsed.TotalMilliseconds;
        var (outcome, coreSize, minimal) = result switch
        {
            VerificationResult.Proven proven => ("proven" + (proven.Objectives.IsEmpty ? string.Empty : proven.OptimalityProven
                ? $", optimal ({string.Join(", ", proven.Objectives.Select(o => $"{o.Objective.Name} {o.Value}"))})"
                : $", optimum not proven ({string.Join(", ", proven.Objectives.Select(o => $"{o.Objective.Name} {o.Value}"))})"), 0, (bool?)null),
            VerificationResult.Unsatisfiable unsat => ($"unsatisfiable, core of {unsat.Core.Length}{(unsat.Minimal ? ", minimal" : ", not proven minimal")}", unsat.Core.Length, unsat.Minimal),
            VerificationResult.Undecided undecided => ($"undecided ({undecided.Result.Outcome} while {undecided.Stage})", 0, null),
            VerificationResult.Rejected rejected => ("rejected: " + rejected.Problem, 0, null),
            _ => ("?", 0, null),
        };
        var d = result.Decomposition;
        var measurement = new Measurement(
            spec, strategy, topology.Devices.Length, topology.Nodes.Length, topology.DirectedLinks.Length, program.Services.Length, program.Flows.Length, program.Intents.Length,
            parseMs, bindMs, verifyMs, total.Elapsed.TotalMilliseconds, outcome, coreSize, minimal,
            d?.StaticFactsMs ?? 0, d?.HeuristicMs ?? 0, d?.MasterEncodeMs ?? 0, d?.RoutingMs ?? 0, d?.CheckMs ?? 0, d?.OptimiseMs ?? 0, d?.CoreMs ?? 0,
            d?.SolverMs ?? 0, d?.SolverCalls ?? 0, d?.MasterIterations ?? 0, d?.Nogoods ?? 0, d?.OptimalityCuts ?? 0, d?.RoutingSmtProblems ?? 0,
            d?.MasterPlacements ?? 0, d?.MasterAssertions ?? 0, d?.MasterBytes ?? 0, d?.RouteFacts ?? 0, d?.HeuristicPlan ?? false, d?.CoreChecks ?? 0,
            Memory.PrivcPeakKb(), Memory.ChildrenPeakKb(), Memory.CpuMs(self: true), Memory.CpuMs(self: false));
        Console.WriteLine(JsonSerializer.Serialize(measurement));
        return 0;
    }
}

internal static class Memory
{
    /// <summary>Peak resident set of this process (VmHWM).</summary>
    public static long PrivcPeakKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicros;
        public long SystemSeconds;
        public long SystemMicros;
        public long MaxRss;
        public long IxRss;
        public long IdRss;
        public long IsRss;
        public long MinFlt;
        public long MajFlt;
        public long NSwap;
        public long InBlock;
        public long OuBlock;
        public long MsgSnd;
        public long MsgRcv;
        public long NSignals;
        public long NvCsw;
        public long NivCsw;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out RUsage usage);

    /// <summary>
    /// CPU time (user + system) of this process or of its waited-for children (the solvers), in milliseconds. On a
    /// shared machine wall-clock time includes waiting for a core; CPU time does not.
    /// </summary>
    public static double CpuMs(bool self) => getrusage(self ? 0 : -1, out var usage) == 0
        ? (usage.UserSeconds + usage.SystemSeconds) * 1000.0 + (usage.UserMicros + usage.SystemMicros) / 1000.0
        : 0;

    /// <summary>Largest peak resident set of any waited-for child (the solvers), in KiB.</summary>
    public static long ChildrenPeakKb() => getrusage(-1, out var usage) == 0 ? usage.MaxRss : 0;
}
