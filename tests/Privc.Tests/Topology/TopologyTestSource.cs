using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Tests.Infrastructure;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Topology;

/// <summary>
/// Topology YAML for tests. Marks are « » (YAML uses square brackets); only the start of a mark is compared,
/// because YAML node ends include trailing layout.
/// </summary>
public static class TopologyTestSource
{
    /// <summary>A small valid topology in block style, so that tests can edit single lines.</summary>
    public const string Valid = """
        name: small
        scales:
          trust: [low, high]
        devices:
          - {id: "of:1", name: s1, labels: {trust: high}}
          - {id: "of:2", name: s2, labels: {trust: low}}
        nodes:
          - name: n1
            labels: {tier: edge, tee: true}
            capacity: {cpu: 4, memory: 8Gi}
            ip: 10.0.0.1
            attach: {device: s1, port: 10}
        links:
          - {a: {device: s1, port: 1}, b: {device: s2, port: 1}, latency: 1ms, bandwidth: 1Gbps}

        """;

    public static TopologyLoadResult Load(string yaml) => TopologyLoader.Load(new SourceText("topology.yaml", yaml));

    /// <summary>Asserts the loader reports exactly these codes, one per mark, each starting at its mark.</summary>
    public static ImmutableArray<Diagnostic> Reports(string marked, params string[] codes)
    {
        var source = AnnotatedText.Parse(marked, '«', '»');
        var result = Load(source.Text);
        var expected = source.Spans.Zip(codes, (s, c) => Describe(source.Text, s.Start, c)).Order(StringComparer.Ordinal).ToList();
        var actual = result.Diagnostics.Select(d => Describe(source.Text, d.Location?.Span.Start ?? -1, d.Code)).Order(StringComparer.Ordinal).ToList();
        Assert.True(source.Spans.Length == codes.Length, $"the test marks {source.Spans.Length} position(s) but expects {codes.Length} code(s)");
        Assert.True(expected.SequenceEqual(actual),
            $"expected:\n  {string.Join("\n  ", expected)}\nactual:\n  {string.Join("\n  ", actual)}\nmessages:\n  {string.Join("\n  ", result.Diagnostics)}");
        Assert.Equal(result.Diagnostics.Any(d => d.IsError), result.Topology is null);
        return result.Diagnostics;
    }

    private static string Describe(string text, int start, string code)
    {
        if (start < 0)
        {
            return $"{code} (no location)";
        }
        var (line, column) = new SourceText("topology.yaml", text).GetLineColumn(start);
        return $"{code} at {line}:{column}";
    }
}
