using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Privc.Benchmarks;

// privc benchmark: generated scenarios (synthetic cloud-edge networks and real Topology Zoo networks), each verified
// by the decomposed solver and by the monolithic encoding, in fresh child processes so that peak memory is each run's
// own. Figures are medians over --repeat runs (see specs/benchmarks/results.md).
//
//   dotnet run -c Release --project tests/Privc.Benchmarks -- [--scenarios S1,S2,...] [--strategies decomposed,monolithic]
//       [--repeat 3] [--timeout 300] [--monolithic-timeout 300] [--out specs/benchmarks]
//
// --emit SCENARIO DIR writes one scenario's bench.priv and topology.yaml instead.
// A scenario is synthetic:DEVICESxSERVICESxFLOWS or zoo:NETWORK:SERVICESxFLOWS, optionally with :infeasible or
// :contended (specs/benchmarks/results.md explains each).

var options = BenchmarkArgs.Parse(args);
if (Array.IndexOf(args, "--emit") is var emit and >= 0 && emit + 2 < args.Length)
{
    // Writes one scenario's files, for running privc on them by hand: --emit SCENARIO DIR.
    var scenario = BenchmarkArgs.Build(args[emit + 1], options.Seed, options.ZooFolder);
    Directory.CreateDirectory(args[emit + 2]);
    File.WriteAllText(Path.Combine(args[emit + 2], "bench.priv"), scenario.Intents);
    File.WriteAllText(Path.Combine(args[emit + 2], "topology.yaml"), scenario.Topology);
    return 0;
}
if (options.Single is { } single)
{
    return Child.Run(single, options.SingleStrategy!, options.Seed, options.Timeout, options.ZooFolder);
}
return Parent.Run(options);

internal sealed record BenchmarkArgs(string[] Scenarios, string[] Strategies, int Repeat, int Timeout, int MonolithicTimeout, string Out, string? Single, string? SingleStrategy, int Seed, string ZooFolder)
{
    public const string DefaultScenarios =
        "synthetic:100x50x100,synthetic:300x150x300,synthetic:1000x500x1000,"
        + "zoo:Geant2012:50x100,zoo:Geant2012:100x200,zoo:Cogentco:50x100,zoo:UsCarrier:50x100,zoo:Ion:50x100,zoo:Kdl:100x200,"
        + "synthetic:1000x500x1000:infeasible,zoo:Geant2012:50x100:infeasible,zoo:Cogentco:50x100:infeasible,"
        + "synthetic:100x50x100:contended,synthetic:1000x500x1000:contended,zoo:Geant2012:50x100:contended";

    public static BenchmarkArgs Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }
        return new BenchmarkArgs(
            Value("--scenarios", DefaultScenarios).Split(',', StringSplitOptions.RemoveEmptyEntries),
            Value("--strategies", "decomposed,monolithic").Split(',', StringSplitOptions.RemoveEmptyEntries),
            int.Parse(Value("--repeat", "3"), CultureInfo.InvariantCulture),
            int.Parse(Value("--timeout", "300"), CultureInfo.InvariantCulture),
            int.Parse(Value("--monolithic-timeout", "300"), CultureInfo.InvariantCulture),
            Value("--out", "specs/benchmarks"),
            args.Contains("--single") ? Value("--single", string.Empty) : null,
            args.Contains("--strategy") ? Value("--strategy", "decomposed") : null,
            int.Parse(Value("--seed", "1"), CultureInfo.InvariantCulture),
            Value("--zoo", "/work/shared/data/topologyzoo"));
    }

    /// <summary>Builds a scenario from its name (see the header of Program.cs).</summary>
    public static Scenario Build(string spec, int seed, string zooFolder)
    {
        var parts = spec.Split(':');
        var variant = parts[^1] switch
        {
            "infeasible" => ScenarioVariant.Infeasible,
            "contended" => ScenarioVariant.Contended,
            _ => ScenarioVariant.Feasible,
        };
        int[] Sizes(string text) => text.Split('x').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        switch (parts[0])
        {
            case "synthetic":
                var s = Sizes(parts[1]);
                return ScenarioGenerator.Generate(s[0], s[1], seed, s.Length > 2 ? s[2] : null, variant);
            case "zoo":
                var z = Sizes(parts[2]);
                return ZooScenarioGenerator.Generate(Path.Combine(zooFolder, parts[1] + ".graphml"), z[0], z[1], variant, seed);
            default:
                throw new ArgumentException($"unknown scenario '{spec}'");
        }
    }
}

internal static class Parent
{
    public static int Run(BenchmarkArgs options)
    {
        var self = Environment.ProcessPath!;
        var assembly = typeof(Parent).Assembly.Location;
        var rows = new List<(string Scenario, string Strategy, List<Measurement> Runs)>();
        var loadBefore = Report.Load();
        foreach (var scenario in options.Scenarios)
        {
            foreach (var strategy in options.Strategies)
            {
                var timeout = strategy == "monolithic" ? options.MonolithicTimeout : options.Timeout;
                var runs = new List<Measurement>();
                for (var r = 0; r < options.Repeat; r++)
                {
                    var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
                    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
                    {
                        info.ArgumentList.Add(assembly);
                    }
                    foreach (var argument in new[] { "--single", scenario, "--strategy", strategy, "--timeout", timeout.ToString(CultureInfo.InvariantCulture), "--seed", options.Seed.ToString(CultureInfo.InvariantCulture), "--zoo", options.ZooFolder })
                    {
                        info.ArgumentList.Add(argument);
                    }
                    using var process = Process.Start(info)!;
                    var errorTask = process.StandardError.ReadToEndAsync();
                    var output = process.StandardOutput.ReadToEnd();
                    process.WaitForExit();
                    var error = errorTask.Result;
                    if (process.ExitCode != 0)
                    {
                        Console.Error.WriteLine($"{scenario} ({strategy}): run {r + 1} failed: {error}");
                        break;
                    }
                    var measurement = JsonSerializer.Deserialize<Measurement>(output.Trim().Split('\n')[^1])!;
                    runs.Add(measurement);
                    Console.Error.WriteLine($"{scenario} ({strategy}): run {r + 1}: verify {measurement.VerifyMs:0} ms, total {measurement.TotalMs:0} ms, {measurement.Outcome}");
                    if (measurement.Outcome.StartsWith("undecided", StringComparison.Ordinal) && strategy == "monolithic")
                    {
                        break; // one timeout of the reference is enough to report it
                    }
                }
                rows.Add((scenario, strategy, runs));
            }
        }
        Directory.CreateDirectory(options.Out);
        File.WriteAllText(Path.Combine(options.Out, "results.json"), JsonSerializer.Serialize(rows.Select(r => new { r.Scenario, r.Strategy, r.Runs }), new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var report = Report.Markdown(rows, options, loadBefore, Report.Load());
        File.WriteAllText(Path.Combine(options.Out, "results.md"), report);
        Console.WriteLine(report);
        return 0;
    }
}
