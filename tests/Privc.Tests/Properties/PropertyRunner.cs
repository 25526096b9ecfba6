using FsCheck;
using FsCheck.Fluent;
using System.Globalization;
using System.Text;
using Privc.Tests.Properties.Generators;

namespace Privc.Tests.Properties;

/// <summary>
/// Runs a property over generated instances. The default is a fast slice (a fixed seed, <c>fastRuns</c> cases);
/// <c>PRIVC_PROPERTY_RUNS=N</c> runs N cases of every property and <c>PRIVC_PROPERTY_SEED=S</c> starts from another
/// seed. FsCheck runs the cases: case k uses seed S + k, so any case replays alone, and a failing case is shrunk
/// by FsCheck with <see cref="Instance.Shrink"/> (until no smaller candidate fails); the smallest one is printed
/// in the assertion message and written to <c>/tmp/privc-counterexamples/PROPERTY-SEED/</c> as <c>main.priv</c>
/// and <c>topology.yaml</c>.
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
        var seed = Seed;
        var drawn = 0;
        var checkedCases = 0;
        (Instance Instance, string Why, int Seed)? failure = null;
        // FsCheck drives the run: case k is generate(Seed + k) (so one case replays alone with PRIVC_PROPERTY_SEED),
        // and a failing case is shrunk with Instance.Shrink until no smaller candidate fails.
        var cases = Gen.Fresh(() =>
        {
            var caseSeed = unchecked(seed + drawn++);
            return (Seed: caseSeed, Instance: generate(caseSeed));
        });
        var arbitrary = Arb.From(cases, c => c.Instance.Shrink().Take(50).Select(smaller => (c.Seed, smaller)));
        var test = Prop.ForAll(arbitrary, c =>
        {
            var why = Evaluate(c.Instance, property, out var loaded);
            if (failure is null && loaded)
            {
                checkedCases++;
            }
            if (why is not null)
            {
                failure = (c.Instance, why, c.Seed);
            }
            return why is null;
        });
        try
        {
            global::FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(runs).WithQuietOnSuccess(true), test);
        }
        catch (Exception) when (failure is not null)
        {
            // FsCheck's own report names a tuple; ours below names the files to replay.
        }
        if (failure is { } found)
        {
            var folder = Path.Combine(CounterexampleRoot, $"{name}-{found.Seed.ToString(CultureInfo.InvariantCulture)}");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, Instance.SourceName), found.Instance.Source);
            File.WriteAllText(Path.Combine(folder, "topology.yaml"), found.Instance.TopologyYaml);
            File.WriteAllText(Path.Combine(folder, "failure.txt"), found.Why + "\n");
            Assert.Fail(new StringBuilder()
                .Append("property '").Append(name).Append("' fails on the case of seed ").Append(found.Seed).Append(" (shrunk): ").Append(found.Why).Append('\n')
                .Append("replay: privc compile ").Append(Path.Combine(folder, Instance.SourceName)).Append(" --topology ").Append(Path.Combine(folder, "topology.yaml")).Append('\n')
                .Append(found.Instance).ToString());
        }
        return checkedCases;
    }

    private static string? Evaluate(Instance instance, Func<LoadedInstance, string?> property, out bool loaded)
    {
        var load = instance.Load();
        loaded = load is not null;
        return load is null ? null : property(load);
    }
}
