using Privc.Artifacts.Kubernetes;
using Privc.Text;
using Privc.Tests.Artifacts;

namespace Privc.Tests.Adversarial;

/// <summary>
/// The NetworkPolicy reader skips pod pairs that are closed on every protocol and port before asking about ports
/// (<c>PolicyEvaluator.SurelyClosed</c>, specs/check.md section 8). The shortcut claims to change nothing, so on every
/// tampering of the adversarial suite, and on every proven example's own manifests, the fast reading must equal the
/// reference reading that asks every pair: allowed and possibly allowed flows, their evidence, findings and diagnostics.
/// </summary>
[Collection(ProvenExamplesCollection.Name)]
public class ClosedPairFilterTests(ProvenExamples examples)
{
    public static TheoryData<string> Cases() => new(AdversarialCase.Names());

    [Z3Theory]
    [MemberData(nameof(Cases))]
    public void ClosedPairFilter_AdversarialCase_ReadsAsTheReferencePath(string name)
    {
        var output = AdversarialCase.Load(name).Prepare();
        var kubernetes = Path.Combine(output, "kubernetes");
        var files = Directory.EnumerateFiles(kubernetes, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new SourceText(f, File.ReadAllText(f)))
            .ToList();
        AssertSameReading(examples["hospital-au"], files, name);
    }

    [Z3Theory]
    [MemberData(nameof(ProvenExamples.Names), MemberType = typeof(ProvenExamples))]
    public void ClosedPairFilter_ProvenExample_ReadsAsTheReferencePath(string name)
    {
        var example = examples[name];
        var files = KubernetesEmitter.Emit(example.Program, example.Topology, example.Plan, example.Digest)
            .Select(f => new SourceText(f.Path, f.Content)).ToList();
        AssertSameReading(example, files, name);
    }

    private static void AssertSameReading(ProvenExample example, List<SourceText> files, string name)
    {
        var inputs = new KubernetesInputs(files, []);
        var fast = KubernetesReader.Read(inputs, example.Topology, example.Program, skipClosedPairs: true);
        var reference = KubernetesReader.Read(inputs, example.Topology, example.Program, skipClosedPairs: false);

        Assert.Equal(reference.Allowed.Select(f => f.ToString()), fast.Allowed.Select(f => f.ToString()));
        Assert.Equal(reference.PossiblyAllowed.Select(f => f.ToString()), fast.PossiblyAllowed.Select(f => f.ToString()));
        Assert.Equal(reference.Diagnostics.Select(d => d.ToString()), fast.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(reference.Findings.Select(Text), fast.Findings.Select(Text));
        Assert.Equal(
            reference.AllowedBy.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).Select(p => $"{p.Key}: {string.Join(", ", p.Value)}"),
            fast.AllowedBy.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal).Select(p => $"{p.Key}: {string.Join(", ", p.Value)}"));
        // The comparison means something only where pairs were actually skipped and something was allowed.
        Assert.True(name.Length > 0 && (fast.Allowed.Length > 0 || fast.PossiblyAllowed.Length > 0 || fast.Findings.Length > 0 || fast.Diagnostics.Length > 0),
            $"{name}: the reading is empty, so the comparison shows nothing");
    }

    private static string Text(ReaderFinding finding) => $"{finding.Violation} at {string.Join(", ", finding.At)}";
}
