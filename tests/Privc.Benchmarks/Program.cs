using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Privc.Benchmarks;
using Privc.Checking;
using Privc.Semantics;
using Privc.Verification;
using Privc.Verification.Encoding;
using Privc.Verification.Solving;
using Privc.Text;
using Privc.Topology;

// privc benchmark: generates cloud-edge scenarios of growing size and records, per size, the time of each stage
// (parse, type-check, encode, solve, extract+check, optimise) and peak memory of privc and of z3. Each size runs in
// a fresh child process so that peak memory is its own. Figures are medians over --repeat runs.
//
//   dotnet run -c Release --project tests/Privc.Benchmarks -- [--sizes 10x5,30x15,...] [--repeat 3] [--timeout 300] [--out specs/benchmarks]

var options = Args.Parse(args);
if (options.Single is { } single)
{
    return Child.Run(single, options.Seed, options.Timeout);
}
return Parent.Run(options);

internal sealed record Args(string[] Sizes, int Repeat, int Timeout, string Out, string? Single, int Seed)
{
    public static Args Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }
        return new Args(
            Value("--sizes", "10x5,30x15,100x50,300x150,1000x500").Split(',', StringSplitOptions.RemoveEmptyEntries),
            int.Parse(Value("--repeat", "3"), CultureInfo.InvariantCulture),
            int.Parse(Value("--timeout", "600"), CultureInfo.InvariantCulture),
            Value("--out", "specs/benchmarks"),
            args.Contains("--single") ? Value("--single", "10x5") : null,
            int.Parse(Value("--seed", "1"), CultureInfo.InvariantCulture));
    }
}

internal sealed record Measurement(
    string Size, int Devices, int Nodes, int DirectedLinks, int Services, int Flows, int Intents,
    double ParseMs, double BindMs, double EncodeMs, double SolveMs, double CheckMs, double OptimiseMs, double TotalMs,
    long SmtBytes, int BoolVariables, int IntVariables, int Assertions, string Outcome, long PrivcPeakKb, long SolverPeakKb);

internal static class Child
{
    public static int Run(string size, int seed, int timeoutSeconds)
    {
        var parts = size.Split('x');
        var scenario = ScenarioGenerator.Generate(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), seed);
        var total = Stopwatch.StartNew();
        var topologyResult = TopologyLoader.Load(new SourceText("topology.yaml", scenario.Topology));
        var topology = topologyResult.Topology ?? throw new InvalidOperationException(string.Join("\n", topologyResult.Diagnostics));

        var watch = Stopwatch.StartNew();
        var compilation = new Compilation([new SourceText("bench.priv", scenario.Intents)], topology);
        var parsed = compilation.ParseResults;
        var parseMs = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var program = compilation.Program ?? throw new InvalidOperationException(string.Join("\n", compilation.Diagnostics));
        var bindMs = watch.Elapsed.TotalMilliseconds;

        watch.Restart();
        var problem = Privc.Verification.Encoding.Encoder.Encode(program, topology);
        var encodeMs = watch.Elapsed.TotalMilliseconds;
        if (Environment.GetEnvironmentVariable("PRIVC_BENCH_DUMP") is { Length: > 0 } dump)
        {
            // For investigating the solver: the script with every intent asserted and the objectives as terms.
            File.WriteAllText(dump, problem.Script + string.Concat(problem.Guards.Values.Select(g => $"(assert {g})\n"))
                + string.Concat(problem.Objectives.Select(o => $"; objective {o.Objective.Name}: {o.Term}\n")));
        }

        var factory = new Z3SolverFactory(SolverEnvironment.Process);
        var solverOptions = new SolverOptions { Timeout = TimeSpan.FromSeconds(timeoutSeconds) };
        watch.Restart();
        string outcome;
        double checkMs = 0;
        using (var session = factory.Start(solverOptions).Session ?? throw new InvalidOperationException("z3 is not available"))
        {
            session.Send(problem.Script);
            var result = session.CheckSat(problem.Guards.Values.ToList());
            var values = result.Outcome == SolverOutcome.Sat ? session.GetValues(problem.ModelTerms) : null;
            var solveMs = watch.Elapsed.TotalMilliseconds;
            outcome = result.Outcome.ToString().ToLowerInvariant();
            if (values is not null)
            {
                watch.Restart();
                var (plan, error) = PlanExtractor.Extract(program, problem, values);
                var report = plan is null ? null : ConfigurationChecker.Check(program, topology, plan);
                checkMs = watch.Elapsed.TotalMilliseconds;
                outcome = plan is null ? "extraction failed: " + error : report!.Compliant ? "proven" : "checker rejected";
            }
            watch.Restart();
            var verified = new Verifier(program, topology, factory, new VerifierOptions(solverOptions, TimeSpan.FromSeconds(timeoutSeconds))).Verify();
            var optimiseMs = watch.Elapsed.TotalMilliseconds;
            if (verified is VerificationResult.Proven proven)
            {
                outcome += proven.OptimalityProven ? ", optimal" : ", optimum not proven";
            }
            var measurement = new Measurement(
                size, topology.Devices.Length, topology.Nodes.Length, topology.DirectedLinks.Length, program.Services.Length, program.Flows.Length, program.Intents.Length,
                parseMs, bindMs, encodeMs, solveMs, checkMs, optimiseMs, total.Elapsed.TotalMilliseconds,
                Encoding.UTF8.GetByteCount(problem.Script), problem.Statistics.BoolVariables, problem.Statistics.IntVariables, problem.Statistics.Assertions,
                outcome, Memory.PrivcPeakKb(), 0);
            session.Dispose();
            measurement = measurement with { SolverPeakKb = Memory.ChildrenPeakKb() };
            Console.WriteLine(JsonSerializer.Serialize(measurement));
        }
        GC.KeepAlive(parsed);
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

    /// <summary>Largest peak resident set of any waited-for child (the z3 processes), in KiB.</summary>
    public static long ChildrenPeakKb() => getrusage(-1, out var usage) == 0 ? usage.MaxRss : 0;
}

internal static class Parent
{
    public static int Run(Args options)
    {
        var self = Environment.ProcessPath!;
        var assembly = typeof(Parent).Assembly.Location;
        var rows = new List<(string Size, List<Measurement> Runs)>();
        foreach (var size in options.Sizes)
        {
            var runs = new List<Measurement>();
            for (var r = 0; r < options.Repeat; r++)
            {
                var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
                if (Path.GetFileNameWithoutExtension(self) == "dotnet")
                {
                    info.ArgumentList.Add(assembly);
                }
                foreach (var argument in new[] { "--single", size, "--timeout", options.Timeout.ToString(CultureInfo.InvariantCulture), "--seed", options.Seed.ToString(CultureInfo.InvariantCulture) })
                {
                    info.ArgumentList.Add(argument);
                }
                using var process = Process.Start(info)!;
                var output = process.StandardOutput.ReadToEnd();
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    Console.Error.WriteLine($"{size}: run {r + 1} failed: {error}");
                    break;
                }
                var measurement = JsonSerializer.Deserialize<Measurement>(output.Trim().Split('\n')[^1])!;
                runs.Add(measurement);
                Console.Error.WriteLine($"{size}: run {r + 1}: total {measurement.TotalMs:0} ms, solve {measurement.SolveMs:0} ms, {measurement.Outcome}");
            }
            rows.Add((size, runs));
        }
        Directory.CreateDirectory(options.Out);
        File.WriteAllText(Path.Combine(options.Out, "results.json"), JsonSerializer.Serialize(rows.Select(r => new { r.Size, r.Runs }), new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.WriteAllText(Path.Combine(options.Out, "results.md"), Report(rows, options));
        Console.WriteLine(File.ReadAllText(Path.Combine(options.Out, "results.md")));
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Report(List<(string Size, List<Measurement> Runs)> rows, Args options)
    {
        var text = new StringBuilder();
        text.Append("# privc benchmark results\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Machine: {Machine()}. Solver: z3 ({Z3Version()}). Medians of {options.Repeat} run(s) per size; each run in a fresh process.\n");
        text.Append("Command: `dotnet run -c Release --project tests/Privc.Benchmarks -- --out specs/benchmarks`\n\n");
        text.Append("| size (devices x services) | devices | nodes | links (directed) | services | flows | intents | parse ms | type-check ms | encode ms | solve ms | extract+check ms | verify+optimise ms | SMT KiB | bool vars | int vars | assertions | privc peak MiB | z3 peak MiB | outcome |\n");
        text.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (size, runs) in rows)
        {
            if (runs.Count == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {size} | | | | | | | | | | | | | | | | | | | failed |\n");
                continue;
            }
            var first = runs[0];
            text.Append(CultureInfo.InvariantCulture,
                $"| {size} | {first.Devices} | {first.Nodes} | {first.DirectedLinks} | {first.Services} | {first.Flows} | {first.Intents} | {Median(runs.Select(r => r.ParseMs)):0.0} | {Median(runs.Select(r => r.BindMs)):0.0} | {Median(runs.Select(r => r.EncodeMs)):0.0} | {Median(runs.Select(r => r.SolveMs)):0} | {Median(runs.Select(r => r.CheckMs)):0.0} | {Median(runs.Select(r => r.OptimiseMs)):0} | {first.SmtBytes / 1024} | {first.BoolVariables} | {first.IntVariables} | {first.Assertions} | {Median(runs.Select(r => (double)r.PrivcPeakKb)) / 1024:0} | {Median(runs.Select(r => (double)r.SolverPeakKb)) / 1024:0} | {first.Outcome} |\n");
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
            return "not found";
        }
    }
}
