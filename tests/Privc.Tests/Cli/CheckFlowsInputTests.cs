using Privc.Cli;
using Privc.Tests.Adversarial.Onos;

namespace Privc.Tests.Cli;

/// <summary>
/// <c>privc check --flows</c> on hostile files: each fails with a located diagnostic and exit 1 (or, for what privc
/// cannot judge, exit 5), never a crash, a hang or "compliant". Regression tests for the crashes issue 12 lists.
/// </summary>
public class CheckFlowsInputTests(HospitalOutput hospital) : IClassFixture<HospitalOutput>
{
    private CliRunner.Result Check(string flows) =>
        CliRunner.Run(["check", hospital.Priv, "--topology", hospital.Topology, "--manifests", Path.Combine(hospital.Output, "kubernetes"), "--flows", flows]);

    private string Write(string text)
    {
        var path = Path.Combine(CliRunner.TempFolder(), "flows.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void DevZero_RefusedAsTooLarge_NoOutOfMemory()
    {
        var result = Check("/dev/zero");
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.StartsWith("/dev/zero: error PRIV0004: the file has more than", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void LoneSurrogateEscape_LocatedSyntaxError_NoCrash()
    {
        var result = Check(Write("{\"flows\": [{\"deviceId\": \"\\ud800\"}]}"));
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("flows.json:1:25: error PRIV5020", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void NestedTwentyThousandDeep_LocatedSyntaxError_NoStackOverflow()
    {
        var result = Check(Write("{\"flows\": " + new string('[', 20_000) + new string(']', 20_000) + "}"));
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV5020", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void NumberWithAThousandDigits_Refused_NoOverflow()
    {
        var flows = hospital.Flows.Replace("\"priority\": 40000", "\"priority\": 4" + new string('0', 1000), StringComparison.Ordinal);
        var result = Check(Write(flows));
        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("error PRIV5026", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleToTheController_NotJudged_Exit5()
    {
        // The first rule that delivers to a node also sends a copy to the controller: the packets still arrive.
        var at = hospital.Flows.IndexOf("\"port\": \"10\"", StringComparison.Ordinal);
        var flows = hospital.Flows.Insert(at, "\"port\": \"CONTROLLER\"}, {\"type\": \"OUTPUT\", ");
        var result = Check(Write(flows));
        Assert.Equal(ExitCodes.NotJudged, result.ExitCode);
        Assert.Contains("warning PRIV5150", result.Error, StringComparison.Ordinal);
        Assert.Contains("not judged: no violation found", result.Out, StringComparison.Ordinal);
    }
}
