using System.Text.Json.Nodes;
using NJsonSchema;
using Privc.Artifacts.Kubernetes;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Artifacts.Kubernetes;

/// <summary>Every object privc emits for every proven example validates against the Kubernetes 1.30 strict schemas.</summary>
[Collection(ProvenExamplesCollection.Name)]
public class KubernetesSchemaTests(ProvenExamples examples)
{
    private static readonly Dictionary<string, string> SchemaFiles = new(StringComparer.Ordinal)
    {
        ["apps/v1/Deployment"] = "deployment-apps-v1.json",
        ["v1/Service"] = "service-v1.json",
        ["v1/Namespace"] = "namespace-v1.json",
        ["v1/Node"] = "node-v1.json",
        ["networking.k8s.io/v1/NetworkPolicy"] = "networkpolicy-networking-v1.json",
    };

    private static string SchemaFolder => Path.Combine(TestPaths.SharedData, "kubernetes", "v1.30.0-standalone-strict");

    [Z3Theory]
    [MemberData(nameof(ProvenExamples.Names), MemberType = typeof(ProvenExamples))]
    public async Task EveryEmittedObject_ValidatesAgainstTheStrictSchema(string name)
    {
        var example = examples[name];
        var files = KubernetesEmitter.Emit(example.Program, example.Topology, example.Plan, example.Digest);
        var dump = Path.Combine(Path.GetTempPath(), "privc-k8s-dump", name);
        foreach (var file in files)
        {
            var target = Path.Combine(dump, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllTextAsync(target, file.Content);
        }
        var validated = 0;
        foreach (var file in files)
        {
            foreach (var document in YamlJson.Documents(file.Content))
            {
                var json = Assert.IsType<JsonObject>(document);
                var type = $"{json["apiVersion"]}/{json["kind"]}";
                Assert.True(SchemaFiles.TryGetValue(type, out var schemaFile), $"{file.Path}: no schema for {type}");
                var schema = await JsonSchema.FromFileAsync(Path.Combine(SchemaFolder, schemaFile));
                Assert.False(HasNull(json), $"{file.Path} {json["metadata"]?["name"]}: the YAML holds a null");
                var errors = schema.Validate(json.ToJsonString());
                Assert.True(errors.Count == 0, $"{file.Path} {json["metadata"]?["name"]}: {string.Join("; ", errors.Select(e => e.ToString()))}");
                validated++;
            }
        }
        Assert.True(validated >= example.Program.Services.Length * 2);
    }

    private static bool HasNull(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Any(p => HasNull(p.Value)),
        JsonArray a => a.Any(HasNull),
        _ => false,
    };
}
