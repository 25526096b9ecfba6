using Privc.Text;
using Privc.Semantics;
using Privc.Verification;
using Privc.Topology;

namespace Privc.Artifacts.Emit;

/// <summary>Builds every output of a successful compile, in memory: plan.json and certificate/ (and the deployment artifacts).</summary>
internal static class ArtifactBuilder
{
    public static OutputBundle Build(BoundProgram program, TopologyModel topology, VerificationResult.Proven proven)
    {
        var bundle = OutputBundle.Empty.With("plan.json", PlanWriter.Write(program, topology, proven));
        bundle = CertificateWriter.Add(bundle, proven, CheckerVerdict(program, proven));
        return bundle;
    }

    private static string CheckerVerdict(BoundProgram program, VerificationResult.Proven proven) => JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("checker", "privc independent checker (specs/semantics.md), no solver involved");
        json.WriteString("verdict", proven.CheckerVerdict);
        json.WriteStartArray("structural");
        foreach (var condition in new[] { "W1 placement", "W2 capacity", "W3 routing", "W4 bandwidth", "W5 isolation" })
        {
            json.WriteStringValue(condition);
        }
        json.WriteEndArray();
        if (proven.Resilience > 0)
        {
            // Written only when asked for, so outputs without --resilience stay as they were.
            json.WriteStartObject("resilience");
            json.WriteString("condition", "R1 resilience");
            json.WriteNumber("failures", proven.Resilience);
            json.WriteString("status", "holds");
            json.WriteString("meaning", "every inner device and cable of every route can fail alone and leave a route between the same devices that satisfies every route intent (specs/semantics.md section 9)");
            json.WriteEndObject();
        }
        json.WriteStartArray("intents");
        foreach (var intent in program.Intents)
        {
            json.WriteStartObject();
            json.WriteString("name", intent.Name);
            json.WriteString("kind", intent.Kind);
            json.WriteString("location", StableLocation.Of(program, intent.Location));
            json.WriteString("status", intent is DeclassifyIntent ? "typing rule" : "holds");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });
}
