using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Text;

namespace Privc.Topology;

/// <summary>The outcome of loading a topology: the model when it is consistent, and every diagnostic found.</summary>
public sealed record TopologyLoadResult(TopologyModel? Topology, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Succeeded => Topology is not null;
}

/// <summary>
/// Loads a topology file (specs/language.md, "Topology files") in four steps, each its own type: reading the YAML
/// into a <see cref="TopologyDocument"/> (<see cref="TopologyReader"/>), checking it as a whole and resolving device
/// references (<see cref="TopologyResolver"/>), typing the labels (<see cref="AttributeSchemaInference"/>) and the
/// label-trust warnings (<see cref="LabelTrustPolicy"/>). Everything wrong is reported in one run, each at its YAML
/// position; the model is returned only when there is no error.
/// </summary>
public static class TopologyLoader
{
    /// <summary>The largest node cost, and its most decimal places (specs/language.md, "Topology files").</summary>
    public const decimal MaxCost = 1_000_000m;

    public const int MaxCostDecimals = 6;

    /// <summary>Decimal places of a value without its trailing zeros (1.50 has one).</summary>
    public static int DecimalPlaces(decimal value)
    {
        var places = 0;
        for (var v = Math.Abs(value); v != decimal.Truncate(v); v *= 10)
        {
            places++;
        }
        return places;
    }

    public static TopologyLoadResult LoadFile(string path) => LoadFile(path, InputLimits.Default);

    public static TopologyLoadResult LoadFile(string path, InputLimits limits)
    {
        var (source, error) = SourceReader.ReadFile(path, limits);
        if (source is null)
        {
            return new TopologyLoadResult(null, [error!]);
        }
        return Load(source);
    }

    public static TopologyLoadResult Load(SourceText source)
    {
        var diagnostics = new DiagnosticBag();
        var read = TopologyReader.Read(source, diagnostics);
        if (read is null)
        {
            return new TopologyLoadResult(null, diagnostics.ToSortedArray());
        }
        var attachments = TopologyResolver.Check(read, diagnostics);
        var schema = AttributeSchemaInference.Infer(read.Document, read.Map, diagnostics);
        LabelTrustPolicy.Check(read.Document, read.Map, diagnostics);
        if (diagnostics.HasErrors)
        {
            return new TopologyLoadResult(null, diagnostics.ToSortedArray());
        }
        var topology = TopologyResolver.Build(read, attachments, schema, diagnostics);
        return new TopologyLoadResult(topology, diagnostics.ToSortedArray());
    }
}
