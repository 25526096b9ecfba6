using System.Text.Json.Nodes;
using Privc.Cli;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Live;

/// <summary>
/// privc watch against the local fake servers: the hospital plan deployed with privc deploy, then a scripted sequence
/// of drift events (a flow rule deleted, a cable down in ONOS, a stray replica scheduled on a forbidden node), each
/// undone before the next; every event is flagged at the poll after it and the state returns to compliant.
/// </summary>
public class WatchCommandTests : IClassFixture<CompiledHospital>
{
    private static readonly string Example = Path.Combine(TestPaths.Examples, "hospital-au");
    private readonly CompiledHospital compiled;

    public WatchCommandTests(CompiledHospital compiled) => this.compiled = compiled;

    private static JsonObject OnosLinks(TopologyModel topology)
    {
        var links = new JsonArray();
        foreach (var link in topology.Links)
        {
            var (a, b) = (topology.FindDevice(link.DeviceA)!.Id, topology.FindDevice(link.DeviceB)!.Id);
            foreach (var (from, fromPort, to, toPort) in new[] { (a, link.PortA, b, link.PortB), (b, link.PortB, a, link.PortA) })
            {
                links.Add(new JsonObject
                {
                    ["src"] = new JsonObject { ["device"] = from, ["port"] = fromPort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    ["dst"] = new JsonObject { ["device"] = to, ["port"] = toPort.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    ["type"] = "DIRECT",
                    ["state"] = "ACTIVE",
                });
            }
        }
        return new JsonObject { ["links"] = links };
    }

    private static CliRunner.Result Run(Func<int, Task> betweenPolls, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var polls = 0;
        var context = new CliContext(output, error, name => name == "PATH" ? Environment.GetEnvironmentVariable(name) : null)
        {
            Progress = false,
            Delay = (_, _) => betweenPolls(++polls),
        };
        var exit = CliApplication.Run(args, context);
        return new CliRunner.Result(exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Watch_ScriptedDrift_FlagsEveryEventAtTheNextPoll()
    {
        var topology = TopologyLoader.LoadFile(Path.Combine(Example, "topology.yaml")).Topology!;
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();
        onos.Links = OnosLinks(topology);
        var kubeconfig = kubernetes.WriteKubeconfig(CliRunner.TempFolder());
        var folder = compiled.Copy();
        var deploy = LiveTestSupport.Run("deploy", folder, "--intents", Path.Combine(Example, "hospital.priv"), "--topology", Path.Combine(Example, "topology.yaml"), "--kubeconfig", kubeconfig, "--onos", onos.Url, "--timeout", "10");
        Assert.True(deploy.ExitCode == ExitCodes.Success, deploy.Out + deploy.Error);

        var allLinks = onos.Links;
        List<JsonObject> removed = [];
        const string StrayPod = "/api/v1/namespaces/default/pods/triage-manual";
        Task Script(int poll)
        {
            switch (poll)
            {
                case 1:
                    // A rule of a proven path deleted behind privc's back.
                    removed = onos.Uninstall(f => (string?)f["deviceId"] == "of:0000000000000007");
                    break;
                case 2:
                    onos.Reinstall(removed);
                    // The s3 - s4 cable fails: ONOS stops listing both directions.
                    onos.Links = new JsonObject { ["links"] = new JsonArray([.. allLinks["links"]!.AsArray()
                        .Where(l => !(((string)l!["src"]!["device"]! == "of:0000000000000003" && (string)l["src"]!["port"]! == "3") || ((string)l!["dst"]!["device"]! == "of:0000000000000003" && (string)l["dst"]!["port"]! == "3")))
                        .Select(l => l!.DeepClone())]) };
                    break;
                case 3:
                    onos.Links = allLinks;
                    // A replica of triage started by hand on the Singapore cloud node.
                    var deployment = kubernetes.Stored("/apis/apps/v1/namespaces/default/deployments/triage")!;
                    var template = deployment["spec"]!["template"]!;
                    var spec = template["spec"]!.DeepClone().AsObject();
                    spec.Remove("affinity");
                    spec["nodeName"] = "cloud-sg-1";
                    kubernetes.Extra[StrayPod] = new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "Pod",
                        ["metadata"] = new JsonObject { ["name"] = "triage-manual", ["namespace"] = "default", ["labels"] = template["metadata"]!["labels"]!.DeepClone() },
                        ["spec"] = spec,
                    };
                    break;
                case 4:
                    kubernetes.Delete(StrayPod);
                    break;
            }
            return Task.CompletedTask;
        }

        var result = Run(Script, "watch", Path.Combine(Example, "hospital.priv"), "--topology", Path.Combine(Example, "topology.yaml"),
            "--kubeconfig", kubeconfig, "--onos", onos.Url, "--interval", "0", "--max-polls", "5", "--replan", folder);

        Assert.True(result.ExitCode == ExitCodes.Violations, result.Out + result.Error);
        var lines = result.Out.Split('\n');
        string Poll(int n) => lines.Single(l => l.StartsWith($"poll {n}: ", StringComparison.Ordinal));
        Assert.Equal("poll 1: compliant", Poll(1));
        Assert.Equal("poll 2: DRIFT: not compliant", Poll(2));
        Assert.Equal("poll 3: DRIFT: not compliant", Poll(3));
        Assert.Equal("poll 4: DRIFT: not compliant", Poll(4));
        Assert.Equal("poll 5: compliant", Poll(5));
        string Block(int n) => string.Join('\n', lines.SkipWhile(l => !l.StartsWith($"poll {n}: ", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)));
        Assert.Contains("violated:", Block(2), StringComparison.Ordinal);
        Assert.Contains("link down: s3:3 - s4:1", Block(3), StringComparison.Ordinal);
        Assert.Contains("proposed replan (not applied", Block(3), StringComparison.Ordinal);
        Assert.Contains("rerouted  research_feed edge-mel-1 -> cloud-syd-1", Block(3), StringComparison.Ordinal);
        Assert.Contains("cloud-sg-1", Block(4), StringComparison.Ordinal);
        Assert.Contains("stopped after 5 poll(s): 3 with violations, 0 not judged, 0 failed", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Watch_Interrupted_StopsAtOnceAndWritesNothing()
    {
        var topology = TopologyLoader.LoadFile(Path.Combine(Example, "topology.yaml")).Topology!;
        using var kubernetes = new FakeKubernetes();
        using var onos = new FakeOnos();
        onos.Links = OnosLinks(topology);
        var kubeconfig = kubernetes.WriteKubeconfig(CliRunner.TempFolder());
        var folder = compiled.Copy();
        Assert.Equal(ExitCodes.Success, LiveTestSupport.Run("deploy", folder, "--intents", Path.Combine(Example, "hospital.priv"), "--topology", Path.Combine(Example, "topology.yaml"), "--kubeconfig", kubeconfig, "--onos", onos.Url, "--timeout", "10").ExitCode);
        var before = CliRunner.Snapshot(folder);

        // SIGINT cancels the command's token; the wait between polls ends with it.
        var result = Run(_ => Task.FromCanceled(new CancellationToken(true)), "watch", Path.Combine(Example, "hospital.priv"), "--topology", Path.Combine(Example, "topology.yaml"),
            "--kubeconfig", kubeconfig, "--onos", onos.Url, "--interval", "3600", "--replan", folder);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        Assert.Contains("poll 1: compliant", result.Out, StringComparison.Ordinal);
        Assert.Contains("stopped after 1 poll(s)", result.Out, StringComparison.Ordinal);
        Assert.Equal(before, CliRunner.Snapshot(folder));
    }
}
