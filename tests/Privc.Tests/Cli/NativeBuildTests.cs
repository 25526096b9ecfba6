using Privc.Cli;

namespace Privc.Tests.Cli;

/// <summary>
/// The native build cannot run KubernetesClient's reflection-built kubeconfig and YAML readers, so its live commands
/// refuse before reading or sending anything (PRIV9034). The native binary itself is checked command by command
/// against the portable build by .ci/native-check, which CI runs after publishing it.
/// </summary>
public class NativeBuildTests
{
    [Theory]
    [CoversDiagnostic("PRIV9034")]
    [InlineData("deploy", "deploy OUT --intents a.priv --topology t.yaml --kubeconfig KUBE")]
    [InlineData("watch", "watch a.priv --topology t.yaml --kubeconfig KUBE --onos http://127.0.0.1:1")]
    [InlineData("topology pull", "topology pull --onos http://127.0.0.1:1 --kubeconfig KUBE --out OUT/t.yaml")]
    public void LiveCommand_InTheNativeBuild_RefusesWithPriv9034AndWritesNothing(string command, string arguments)
    {
        var root = CliRunner.TempFolder();
        var kubeconfig = Path.Combine(root, "kubeconfig");
        File.WriteAllText(kubeconfig, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");
        var args = arguments.Replace("KUBE", kubeconfig, StringComparison.Ordinal).Replace("OUT", Path.Combine(root, "out"), StringComparison.Ordinal)
            .Split(' ');
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, _ => null) { Progress = false, NativeBuild = true };

        var code = CliApplication.Run(args, context);

        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("PRIV9034", error.ToString(), StringComparison.Ordinal);
        Assert.Contains($"'privc {command}'", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "out")), "nothing may be written");
    }

    [Fact]
    public void LiveCommand_InThePortableBuild_GoesPastTheNativeGuard()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, _ => null) { Progress = false, NativeBuild = false };

        var code = CliApplication.Run(["topology", "pull", "--onos", "not a url", "--out", Path.Combine(CliRunner.TempFolder(), "t.yaml")], context);

        Assert.Equal(ExitCodes.InputError, code);
        Assert.DoesNotContain("PRIV9034", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("PRIV9010", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CliContext_InTheTestHost_IsNotTheNativeBuild() =>
        Assert.False(new CliContext(TextWriter.Null, TextWriter.Null, _ => null).NativeBuild);
}
