using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Privc.Benchmarks;

/// <summary>The results table: medians per scenario and strategy, the ratio to the monolithic encoding, the machine.</summary>
internal static class Report
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The 1-, 5- and 15-minute load averages (/proc/loadavg): how busy the machine was around the runs.</summary>
    public static string Load() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static string Markdown(List<(string Scenario, string Strategy, List<Measurement> Runs)> rows, BenchmarkArgs options, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        text.Append("# privc benchmark results\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Machine: {Machine()}. Solver: {Z3Version()}. Medians of {options.Repeat} run(s) per scenario and strategy; each run in a fresh process. Load average (1, 5, 15 min) {loadBefore} before the runs and {loadAfter} after: wall-clock times include waiting for a core; CPU times (privc, z3) do not.\n");
        text.Append(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project tests/Privc.Benchmarks -- --scenarios {string.Join(",", options.Scenarios)} --strategies {string.Join(",", options.Strategies)} --repeat {options.Repeat} --timeout {options.Timeout} --monolithic-timeout {options.MonolithicTimeout}`\n\n");
        text.Append("| scenario | devices | nodes | services | flows | intents | strategy | verify s | total s | vs monolithic | outcome | static ms | heuristic ms | master encode ms | routing ms | check ms | optimise ms | core ms | z3 s | z3 calls | iterations | nogoods | cuts | routing SMT | master vars | master KiB | route facts | privc MiB | z3 MiB | privc CPU s | z3 CPU s |\n");
        text.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (scenario, strategy, runs) in rows)
        {
            if (runs.Count == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {scenario} | | | | | | {strategy} | | | | failed | | | | | | | | | | | | | | | | | | | | |\n");
                continue;
            }
            var first = runs[0];
            double M(Func<Measurement, double> f) => Median(runs.Select(f));
            var verify = M(r => r.VerifyMs);
            var reference = rows.FirstOrDefault(r => r.Scenario == scenario && r.Strategy == "monolithic").Runs;
            var ratio = strategy == "decomposed" && reference is { Count: > 0 }
                ? (reference.Any(r => r.Outcome.StartsWith("undecided", StringComparison.Ordinal))
                    ? $"> {Median(reference.Select(r => r.VerifyMs)) / verify:0}x faster"
                    : $"{Median(reference.Select(r => r.VerifyMs)) / verify:0.#}x faster")
                : string.Empty;
            text.Append(CultureInfo.InvariantCulture,
                $"| {scenario} | {first.Devices} | {first.Nodes} | {first.Services} | {first.Flows} | {first.Intents} | {strategy} | {verify / 1000:0.00} | {M(r => r.TotalMs) / 1000:0.00} | {ratio} | {first.Outcome} | {M(r => r.StaticFactsMs):0} | {M(r => r.HeuristicMs):0} | {M(r => r.MasterEncodeMs):0} | {M(r => r.RoutingMs):0} | {M(r => r.CheckMs):0} | {M(r => r.OptimiseMs):0} | {M(r => r.CoreMs):0} | {M(r => r.SolverMs) / 1000:0.00} | {M(r => r.SolverCalls):0} | {M(r => r.MasterIterations):0} | {M(r => r.Nogoods):0} | {M(r => r.OptimalityCuts):0} | {M(r => r.RoutingSmtProblems):0} | {first.MasterPlacements} | {first.MasterBytes / 1024} | {first.RouteFacts} | {M(r => r.PrivcPeakKb) / 1024:0} | {M(r => r.SolverPeakKb) / 1024:0} | {M(r => r.PrivcCpuMs) / 1000:0.00} | {M(r => r.SolverCpuMs) / 1000:0.00} |\n");
        }
        return text.ToString();
    }

    private static string Machine()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return $"{Environment.ProcessorCount} cores ({model}), {long.Parse(memory, CultureInfo.InvariantCulture) / 1024 / 1024} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private static string Z3Version()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("z3", "-version") { RedirectStandardOutput = true })!;
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "z3 not found";
        }
    }
}
