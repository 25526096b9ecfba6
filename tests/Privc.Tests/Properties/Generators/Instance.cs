using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Properties.Generators;

/// <summary>A program and its topology, both loaded through the real front end, with no error.</summary>
public sealed record LoadedInstance(Instance Instance, TopologyModel Topology, Compilation Compilation, BoundProgram Program);

/// <summary>
/// A generated test case: a topology document and the items of an intent program. Its source text and topology
/// YAML are what a failing property prints and writes, so the case replays with
/// <c>privc compile main.priv --topology topology.yaml</c>. <see cref="Shrink"/> proposes smaller cases.
/// </summary>
public sealed record Instance(int Seed, TopologyDocument Topology, ImmutableArray<ProgramItem> Items)
{
    public const string SourceName = "main.priv";

    public static Instance Generate(int seed)
    {
        var random = new Random(seed);
        var topology = TopologyGenerator.Generate(random);
        return new Instance(seed, topology, ProgramGenerator.Generate(random, topology));
    }

    public string Source => string.Concat(Items.Select(i => i.Text + "\n"));

    public string TopologyYaml => TopologyWriter.Write(Topology);

    public ImmutableArray<ProgramItem> Intents => Items.Where(i => i.Kind == ItemKind.Intent).ToImmutableArray();

    public Instance Without(ProgramItem item) => this with { Items = Items.Remove(item) };

    public Instance With(ProgramItem item) => this with { Items = Items.Add(item) };

    /// <summary>Parses the program and loads the topology (from their texts); null when either has an error.</summary>
    public LoadedInstance? Load()
    {
        var topology = TopologyLoader.Load(new SourceText("topology.yaml", TopologyYaml));
        if (topology.Topology is null)
        {
            return null;
        }
        var compilation = new Compilation([new SourceText(SourceName, Source)], topology.Topology);
        return compilation.Program is { } program && !compilation.HasErrors
            ? new LoadedInstance(this, topology.Topology, compilation, program)
            : null;
    }

    /// <summary>
    /// Smaller cases, most promising first: without an intent or objective, without a flow, a service, a data
    /// class, a cable or a node. Candidates that no longer bind are simply not failing cases, so the shrinker
    /// skips them; what remains is a program a reader can take in at a glance.
    /// </summary>
    public IEnumerable<Instance> Shrink()
    {
        foreach (var kind in new[] { ItemKind.Intent, ItemKind.Objective, ItemKind.Flow, ItemKind.Service, ItemKind.Data, ItemKind.Levels })
        {
            foreach (var item in Items.Where(i => i.Kind == kind).Reverse())
            {
                yield return Without(item);
            }
        }
        for (var k = Topology.Links.Length - 1; k >= 0; k--)
        {
            yield return this with { Topology = Topology with { Links = Topology.Links.RemoveAt(k) } };
        }
        if (Topology.Nodes.Length > 1)
        {
            for (var k = Topology.Nodes.Length - 1; k >= 0; k--)
            {
                yield return this with { Topology = Topology with { Nodes = Topology.Nodes.RemoveAt(k) } };
            }
        }
        foreach (var device in Topology.Devices.Reverse())
        {
            if (!Topology.Nodes.Any(n => n.Device == device.Name) && !Topology.Links.Any(l => l.DeviceA == device.Name || l.DeviceB == device.Name))
            {
                yield return this with { Topology = Topology with { Devices = Topology.Devices.Remove(device) } };
            }
        }
    }

    public override string ToString() =>
        $"// seed {Seed}\n// ---- main.priv ----\n{Source}// ---- topology.yaml ----\n{TopologyYaml}";
}
