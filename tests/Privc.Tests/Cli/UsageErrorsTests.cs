using Privc.Cli;

namespace Privc.Tests.Cli;

/// <summary>A misspelt option or command is an error with a "did you mean", never an input file; values get privc's own messages.</summary>
public class UsageErrorsTests
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "hospital-au");

    [Theory]
    [InlineData("--topolgy", "'compile' has no option '--topolgy'; did you mean '--topology'?")]
    [InlineData("--fromat", "'compile' has no option '--fromat'; did you mean '--format'?")]
    public void Compile_MisspeltOption_IsOneErrorWithTheFix_AndNoFileIsRead(string misspelt, string message)
    {
        var run = CliRunner.Run("compile", Path.Combine(Example, "hospital.priv"), misspelt, Path.Combine(Example, "topology.yaml"));
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("error PRIV0006: " + message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIV0001", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIV1004", run.Error, StringComparison.Ordinal);
        // The misspelt --topology was meant: no second error saying it is missing. A misspelt --format leaves --topology really missing.
        Assert.Equal(misspelt == "--fromat", run.Error.Contains("'--topology' is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_MisspeltOptionAfterAManyValuedOption_IsNotTakenAsAManifest()
    {
        var run = CliRunner.Run("check", Path.Combine(Example, "hospital.priv"), "--topology", Path.Combine(Example, "topology.yaml"), "--manifests", "m", "--fromat", "json");
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("'check' has no option '--fromat'; did you mean '--format'?", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot read", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "compil" }, "'compil' is not a privc command; did you mean 'compile'?")]
    [InlineData(new[] { "topology", "improt", "x.graphml" }, "'improt' is not a 'topology' command; did you mean 'import'?")]
    public void UnknownCommand_SuggestsTheNearest(string[] args, string message)
    {
        var run = CliRunner.Run(args);
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n'), l => l.Contains("PRIV0006", StringComparison.Ordinal));
    }

    [Fact]
    public void Timeout_NotANumber_SaysWhatIsExpected()
    {
        var run = CliRunner.Run("compile", Path.Combine(Example, "hospital.priv"), "--topology", Path.Combine(Example, "topology.yaml"), "--timeout", "abc");
        Assert.Equal(ExitCodes.InputError, run.ExitCode);
        Assert.Contains("--timeout expects a whole number, not 'abc'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Dash_AloneIsNotAnOption()
    {
        // `-` means standard input wherever a command reads it; it must not be reported as an unknown option.
        var run = CliRunner.Run("fmt", "-", "--check");
        Assert.DoesNotContain("has no option", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCommand_Help_ListsOnlyRealOptions()
    {
        foreach (var command in new[] { "compile", "check", "certify", "deploy", "fmt", "explain", "translate", "eval" })
        {
            var run = CliRunner.Run(command, "--help");
            Assert.True(run.ExitCode == 0, $"{command} --help: {run.Error}");
            Assert.Contains("--", run.Out, StringComparison.Ordinal);
        }
    }
}
