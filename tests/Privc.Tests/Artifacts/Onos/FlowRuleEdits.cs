using System.Text.Json.Nodes;
using Privc.Artifacts.Onos;
using Privc.Checking;
using Privc.Semantics;
using Privc.Text;
using Privc.Topology;
using static Privc.Tests.Artifacts.Onos.OnosPlans;

namespace Privc.Tests.Artifacts.Onos;

/// <summary>Emitting privc's flow rules for a plan and editing them as an attacker (or a colleague) would.</summary>
public static class FlowRuleEdits
{
    public static string Flows(BoundProgram program, TopologyModel topology, Configuration plan) =>
        Assert.Single(OnosEmitter.Emit(program, topology, plan, "digest"), f => f.Path == OnosEmitter.FlowsPath).Content;

    public static FlowTrace Trace(string json, TopologyModel topology, BoundProgram program, Configuration plan) =>
        FlowTracer.Trace(new SourceText("flows.json", json), topology, program, plan.Placements);

    /// <summary>The lab with 'save' from edge-1 to cloud-a kept off untrusted devices: the proof routes it s1, s2, s4, never s3.</summary>
    public static (BoundProgram Program, TopologyModel Topology, Configuration Plan, JsonObject Flows) AvoidScenario()
    {
        var (program, topology) = Lab("intent safe: route save avoid devices where trust < medium;\nintent a: place front on tier == edge and tee;\nintent b: place store on tier == cloud and zone == a;");
        var proven = Prove(program, topology);
        Assert.Equal<string>(["s1", "s2", "s4"], Assert.Single(proven.Plan.Routes).Devices);
        var flows = JsonNode.Parse(Flows(program, topology, proven.Plan))!.AsObject();
        return (program, topology, proven.Plan, flows);
    }

    public static JsonArray Rules(JsonObject flows) => flows["flows"]!.AsArray();

    /// <summary>Whether a rule is one of the ARP rules (ETH_TYPE 0x0806) privc emits beside the IPv4 ones.</summary>
    public static bool IsArp(JsonNode? rule) =>
        rule!["selector"]!["criteria"]!.AsArray().Any(c => c!["type"]!.GetValue<string>() == "ETH_TYPE" && c["ethType"]!.GetValue<string>() == "0x0806");

    /// <summary>The IPv4 rule on a device (by ONOS id suffix) for packets entering by a port.</summary>
    public static JsonObject Rule(JsonObject flows, int device, int inPort) => Assert.Single(Rules(flows), r =>
        !IsArp(r) && r!["deviceId"]!.GetValue<string>() == $"of:000000000000000{device}"
        && r["selector"]!["criteria"]!.AsArray().Any(c => c!["type"]!.GetValue<string>() == "IN_PORT" && c["port"]!.GetValue<int>() == inPort))!.AsObject();

    public static void Output(JsonObject rule, int port) => rule["treatment"]!["instructions"]![0]!["port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static void InPort(JsonObject rule, int port) => rule["selector"]!["criteria"]!.AsArray().First(c => c!["type"]!.GetValue<string>() == "IN_PORT")!["port"] = port;

    public static JsonObject Copy(JsonObject rule, int device) { var copy = rule.DeepClone().AsObject(); copy["deviceId"] = $"of:000000000000000{device}"; return copy; }
}
