using System.Globalization;
using System.Text;
using Privc.Tests.Properties.Generators;

namespace Privc.Tests.Properties;

/// <summary>
/// Runs a property over generated instances. The default is a fast slice (a fixed seed, <c>fastRuns</c> cases);
/// <c>PRIVC_PROPERTY_RUNS=N</c> runs N cases of every property and <c>PRIVC_PROPERTY_SEED=S</c> starts from another
/// seed. Case k uses seed S + k, so any case replays alone. A failing case is shrunk greedily (first smaller
/// candidate that still fails, until none does), and the smallest one is printed in the assertion message and
/// written to <c>/tmp/privc-counterexamples/PROPERTY-SEED/</c> as <c>main.priv</c> and <c>topology.yaml</c>.
/// </summary>
public static class PropertyRunner
{
    public const int DefaultSeed = 20261201;

    public static string CounterexampleRoot => Path.Combine(Path.GetTempPath(), "privc-counterexamples");

    public static int Runs(int fastRuns) =>
        int.TryParse(Environment.GetEnvironmentVariable("PRIVC_PROPERTY_RUNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fastRuns;

    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("PRIVC_PROPERTY_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;

    /// <summary>
    /// Checks <paramref name="property"/> (null: holds; else why not) on generated instances; instances that do
    /// not bind count as holding (the generator-validity property catches those) but never as counterexamples.
    /// Returns the number of cases that bound and were checked.
    /// </summary>
    public static int Check(string name, int fastRuns, Func<LoadedInstance, string?> property, Func<int, Instance>? generate = null)
    {
        generate ??= Instance.Generate;
        var runs = Runs(fastRuns);
        var checkedCases = 0;
        for (var k = 0; k < runs; k++)
        {
            var seed = unchecked(Seed + k);
            var instance = generate(seed);
            var failure = Evaluate(instance, property, out var loaded);
            if (loaded)
            {
                checkedCases++;
            }
            if (failure is null)
            {
                continue;
            }
            var (smallest, why) = Shrink(instance, failure, property);
            var folder = Path.Combine(CounterexampleRoot, $"{name}-{seed.ToString(CultureInfo.InvariantCulture)}");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, Instance.SourceName), smallest.Source);
            File.WriteAllText(Path.Combine(folder, "topology.yaml"), smallest.TopologyYaml);
            File.WriteAllText(Path.Combine(folder, "failure.txt"), why + "\n");
            Assert.Fail(new StringBuilder()
                .Append("property '").Append(name).Append("' fails on case ").Append(k).Append(" (seed ").Append(seed).Append("): ").Append(why).Append('\n')
                .Append("replay: privc compile ").Append(Path.Combine(folder, Instance.SourceName)).Append(" --topology ").Append(Path.Combine(folder, "topology.yaml")).Append('\n')
                .Append(smallest).ToString());
        }
        return checkedCases;
    }

    private static string? Evaluate(Instance instance, Func<LoadedInstance, string?> property, out bool loaded)
    {
        var load = instance.Load();
        loaded = load is not null;
        return load is null ? null : property(load);
    }

    private static (Instance Smallest, string Why) Shrink(Instance instance, string why, Func<LoadedInstance, string?> property)
    {
        for (var steps = 0; steps < 200; steps++)
        {
            var smaller = instance.Shrink().Select(candidate => (candidate, failure: Evaluate(candidate, property, out _)))
                .FirstOrDefault(c => c.failure is not null);
            if (smaller.candidate is null)
            {
                break;
            }
            (instance, why) = (smaller.candidate, smaller.failure!);
        }
        return (instance, why);
    }
}
