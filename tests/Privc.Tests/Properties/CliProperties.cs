using Privc.Semantics;
using Privc.Verification;
using Privc.Verification.Encoding;
using Privc.Tests.Infrastructure;
using Privc.Tests.Properties.Generators;
using Xunit.Abstractions;

namespace Privc.Tests.Properties;

/// <summary>Determinism through the CLI entry point: the same inputs give byte-identical outputs and SMT text.</summary>
[Trait("Category", "Property")]
public class CliProperties(ITestOutputHelper output)
{
    [Fact]
    public void Determinism_CompilingTwice_GivesIdenticalOutputFoldersAndSmtText()
    {
        var cases = PropertyRunner.Check("determinism", 10, instance =>
        {
            var folder = CliRunner.TempFolder();
            try
            {
                File.WriteAllText(Path.Combine(folder, Instance.SourceName), instance.Instance.Source);
                File.WriteAllText(Path.Combine(folder, "topology.yaml"), instance.Instance.TopologyYaml);
                CliRunner.Result Compile(string output) => CliRunner.Run(
                    "compile", Path.Combine(folder, Instance.SourceName), "--topology", Path.Combine(folder, "topology.yaml"),
                    "--out", Path.Combine(folder, output), "--timeout", "120");
                var first = Compile("first");
                var second = Compile("second");
                string Same(string text) => text.Replace(Path.Combine(folder, "second"), Path.Combine(folder, "first"), StringComparison.Ordinal);
                if (first.ExitCode != second.ExitCode || first.Error != Same(second.Error) || first.Out != Same(second.Out))
                {
                    return $"two runs differ: exit {first.ExitCode} then {second.ExitCode}\n{first.Out}{first.Error}\n---\n{second.Out}{second.Error}";
                }
                if (first.ExitCode == 0)
                {
                    var a = CliRunner.Snapshot(Path.Combine(folder, "first"));
                    var b = CliRunner.Snapshot(Path.Combine(folder, "second"));
                    if (!a.Keys.SequenceEqual(b.Keys))
                    {
                        return "the two output folders hold different files";
                    }
                    if (a.FirstOrDefault(p => !p.Value.AsSpan().SequenceEqual(b[p.Key])) is { Key: { } differing })
                    {
                        return $"{differing} differs between two runs";
                    }
                }
                var smt = Encoder.Encode(instance.Program, instance.Topology).Script;
                var again = instance.Instance.Load()!;
                return smt == Encoder.Encode(again.Program, again.Topology).Script ? null : "the SMT text differs between two encodings";
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        });
        output.WriteLine($"determinism: {cases} cases compiled twice");
    }
}
