using System.Collections.Immutable;
using Privc.Compiler;
using Privc.Semantics;
using Privc.Verification;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Text;
using Privc.Topology;

namespace Privc.Cli.Commands;

/// <summary>Reads intent files and a topology and type-checks them (through the driver's <see cref="Inputs"/>), and prints diagnostics.</summary>
internal sealed record FrontEnd(Compilation? Compilation, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The driver's front end (<see cref="Inputs"/>): reads and type-checks the intent files and the topology.</summary>
    public static FrontEnd Load(IEnumerable<string> files, string topologyPath) => Load(files, topologyPath, InputLimits.Default);

    /// <summary>The same, reading every file within <paramref name="limits"/> (size, read timeout).</summary>
    public static FrontEnd Load(IEnumerable<string> files, string topologyPath, InputLimits limits)
    {
        var inputs = Inputs.Load(files, topologyPath, limits);
        return new FrontEnd(inputs.Compilation, inputs.Diagnostics);
    }

    public void Report(TextWriter writer) => Report(writer, Diagnostics);

    /// <summary>Prints diagnostics in order, then a count when there are errors.</summary>
    public static void Report(TextWriter writer, IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            writer.WriteLine(DiagnosticFormatter.Format(diagnostic));
        }
        var errors = diagnostics.Count(d => d.IsError);
        if (errors > 0)
        {
            writer.WriteLine($"{errors} error(s), {diagnostics.Count - errors} warning(s)");
        }
    }
}
