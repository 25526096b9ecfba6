using System.Collections.Immutable;
using Privc.Semantics;
using Privc.Verification;
using Privc.Diagnostics;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Infrastructure;

/// <summary>Compiles marked sources and compares the diagnostics, code and span, with the marks.</summary>
public static class DiagnosticAssert
{
    private static readonly Lazy<TopologyModel> Hospital = new(() => TestSources.ExampleTopology("hospital-au"));

    /// <summary>The hospital-au example topology, loaded once (it is immutable).</summary>
    public static TopologyModel HospitalTopology => Hospital.Value;

    /// <summary>Parses and binds the marked <paramref name="source"/> against a topology (default: hospital-au).</summary>
    public static ImmutableArray<Diagnostic> Diagnose(AnnotatedText source, TopologyModel? topology = null) =>
        new Compilation([new SourceText("test.priv", source.Text)], topology ?? HospitalTopology).Diagnostics;

    /// <summary>
    /// Asserts that compiling the marked text reports exactly the given codes, one per mark in source order
    /// (diagnostics at the same span in code order), and nothing else.
    /// </summary>
    public static ImmutableArray<Diagnostic> Reports(string marked, params string[] codes) => ReportsOn(null, marked, codes);

    public static ImmutableArray<Diagnostic> ReportsOn(TopologyModel? topology, string marked, params string[] codes)
    {
        var source = AnnotatedText.Parse(marked);
        var diagnostics = Diagnose(source, topology);
        Matches(source.Text, source.Spans, diagnostics, codes);
        return diagnostics;
    }

    /// <summary>Asserts that the diagnostics are exactly the expected (span, code) pairs.</summary>
    public static void Matches(string text, IReadOnlyList<TextSpan> spans, IEnumerable<Diagnostic> diagnostics, IReadOnlyList<string> codes)
    {
        Assert.True(spans.Count == codes.Count, $"the test marks {spans.Count} span(s) but expects {codes.Count} code(s)");
        var expected = spans.Zip(codes, (s, c) => (Span: s, Code: c)).OrderBy(e => e.Span).ThenBy(e => e.Code, StringComparer.Ordinal)
            .Select(e => Describe(text, e.Span, e.Code)).ToList();
        var actual = diagnostics.Select(d => (Span: d.Location?.Span ?? new TextSpan(-1, 0), d.Code)).OrderBy(e => e.Span).ThenBy(e => e.Code, StringComparer.Ordinal)
            .Select(e => Describe(text, e.Span, e.Code)).ToList();
        Assert.True(expected.SequenceEqual(actual),
            $"expected:\n  {string.Join("\n  ", expected)}\nactual:\n  {string.Join("\n  ", actual)}\nmessages:\n  {string.Join("\n  ", diagnostics.Select(d => d.ToString()))}");
    }

    private static string Describe(string text, TextSpan span, string code)
    {
        if (span.Start < 0)
        {
            return $"{code} (no location)";
        }
        var source = new SourceText("test.priv", text);
        var (line, column) = source.GetLineColumn(span.Start);
        var excerpt = span.End <= text.Length ? text[span.Start..span.End] : "?";
        return $"{code} at {line}:{column} '{excerpt}'";
    }
}
