using Privc.Tests.Infrastructure;

namespace Privc.Tests.Verification.Explanation;

public class ExplainCommandTests
{
    [Fact]
    public void Explain_Example_PrintsTheBaselineText()
    {
        var run = LlmCliRunner.Run(null, "explain", Path.Combine(TestPaths.Examples, "hospital-au", "hospital.priv"),
            "--topology", Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Verification", "Explanation", "Baselines", "hospital-au.explain.txt")), run.Out);
    }

    [Fact]
    public void Explain_FileWithErrors_ReportsThemAndExitsOne()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "intent i: place nobody on tee;\n");
            var run = LlmCliRunner.Run(null, "explain", file, "--topology", Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml"));
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("error PRIV2002: no service is named 'nobody'", run.Error, StringComparison.Ordinal);
            Assert.Empty(run.Out);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
