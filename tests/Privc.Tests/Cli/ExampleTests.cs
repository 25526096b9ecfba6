using Privc.Cli;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Cli;

/// <summary>Every scenario in specs/examples answers as its `expect` file says.</summary>
public class ExampleTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(TestPaths.Examples).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_Compiles_AsExpected(string example)
    {
        var folder = Path.Combine(TestPaths.Examples, example);
        var expect = File.ReadAllText(Path.Combine(folder, "expect")).Trim();
        var sources = Directory.GetFiles(folder, "*.priv").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(sources);
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run(["compile", .. sources, "--topology", Path.Combine(folder, "topology.yaml"), "--out", output, "--timeout", "120", .. TestPaths.CompileArguments(folder)]);
        var expectedCode = expect switch
        {
            "proven" => ExitCodes.Success,
            "unsatisfiable" => ExitCodes.Unsatisfiable,
            "invalid" => ExitCodes.InputError,
            _ => throw new InvalidOperationException($"{example}/expect says '{expect}'"),
        };
        Assert.True(result.ExitCode == expectedCode, $"{example}: expected {expect}, exit {result.ExitCode}\n{result.Out}\n{result.Error}");
        Assert.Equal(expect == "proven", Directory.Exists(output));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
