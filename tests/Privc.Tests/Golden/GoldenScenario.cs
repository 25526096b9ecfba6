using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Privc.Semantics;
using Privc.Verification;
using Privc.Diagnostics;
using Privc.Parsing;
using Privc.Syntax;
using Privc.Tests.Infrastructure;
using Privc.Text;
using Privc.Topology;

namespace Privc.Tests.Golden;

/// <summary>
/// One folder of the golden corpus: <c>main.priv</c>, an optional <c>topology.yaml</c> (default: the hospital-au
/// example) and the baselines this class produces from them: <c>main.syntax.txt</c> (the syntax tree with spans)
/// and <c>main.diagnostics.txt</c> (the source with each diagnostic written as a comment under its line, Bicep
/// style, then the diagnostics as the command line prints them); for a program that type-checks, also
/// <c>main.smt2</c>, the SMT-LIB2 the encoder writes for it, so that every change to the encoding shows in review.
/// Paths in baselines are relative to the folder.
/// </summary>
public sealed class GoldenScenario
{
    public const string Source = "main.priv";
    public const string Topology = "topology.yaml";
    public const string SyntaxBaseline = "main.syntax.txt";
    public const string DiagnosticsBaseline = "main.diagnostics.txt";
    public const string SmtBaseline = "main.smt2";

    public static string Root => Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Golden");

    public GoldenScenario(string name)
    {
        Name = name;
        Folder = Path.Combine(Root, name);
    }

    public string Name { get; }

    public string Folder { get; }

    public static IEnumerable<string> All() =>
        Directory.EnumerateDirectories(Root)
            .Where(d => File.Exists(Path.Combine(d, Source)))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    /// <summary>The text every baseline should have, by file name.</summary>
    public ImmutableSortedDictionary<string, string> Render()
    {
        var (source, readError) = SourceReader.FromBytes(Source, File.ReadAllBytes(Path.Combine(Folder, Source)));
        var topologyPath = Path.Combine(Folder, Topology);
        var topologyText = File.Exists(topologyPath)
            ? File.ReadAllText(topologyPath)
            : File.ReadAllText(Path.Combine(TestPaths.Examples, "hospital-au", "topology.yaml"));
        var topology = TopologyLoader.Load(new SourceText(File.Exists(topologyPath) ? Topology : "hospital-au/topology.yaml", topologyText));

        var diagnostics = new List<Diagnostic>(topology.Diagnostics);
        string syntax;
        string? smt = null;
        if (source is null)
        {
            diagnostics.Add(readError!);
            syntax = "(no syntax tree: the file cannot be read as text)\n";
        }
        else
        {
            var parse = SyntaxParser.Parse(source);
            syntax = parse.Program is { } program
                ? SyntaxTreePrinter.Print(program)
                : "(no syntax tree: the file has syntax errors, see main.diagnostics.txt)\n";
            if (topology.Topology is { } model && parse.Succeeded)
            {
                var compilation = new Compilation([source], model);
                diagnostics.AddRange(compilation.Diagnostics);
                if (compilation.Program is { } bound)
                {
                    smt = Privc.Verification.Encoding.Encoder.Encode(bound, model).Script;
                }
            }
            else
            {
                diagnostics.AddRange(parse.Diagnostics);
            }
        }
        var sorted = diagnostics.Order().ToList();
        var baselines = new Dictionary<string, string>
        {
            [SyntaxBaseline] = syntax,
            [DiagnosticsBaseline] = RenderDiagnostics(source, sorted),
        };
        if (smt is not null)
        {
            baselines[SmtBaseline] = smt;
        }
        return ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, baselines);
    }

    private static string RenderDiagnostics(SourceText? source, IReadOnlyList<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"// {errors} error(s), {diagnostics.Count - errors} warning(s)\n");
        var inSource = source is null ? [] : diagnostics.Where(d => d.Location is { } l && ReferenceEquals(l.Source, source)).ToList();
        foreach (var d in diagnostics.Except(inSource))
        {
            text.Append("//@ ").Append(DiagnosticFormatter.FormatHeader(d)).Append('\n');
        }
        if (source is not null)
        {
            var byLine = inSource.ToLookup(d => d.Location!.Value.Start.Line);
            for (var line = 1; line <= source.LineCount; line++)
            {
                if (line == source.LineCount && source.GetLine(line).Length == 0 && !byLine[line].Any())
                {
                    break; // the empty line after the final newline
                }
                text.Append(source.GetLine(line)).Append('\n');
                foreach (var d in byLine[line])
                {
                    text.Append(Annotate(source, d)).Append('\n');
                }
            }
        }
        text.Append("// ---- as privc prints them ----\n");
        text.Append(DiagnosticFormatter.FormatAll(diagnostics));
        return text.ToString();
    }

    private static string Annotate(SourceText source, Diagnostic d)
    {
        var span = d.Location!.Value.Span;
        var (startLine, startColumn) = source.GetLineColumn(span.Start);
        var (endLine, endColumn) = source.GetLineColumn(span.End);
        var excerpt = source.ToString(span);
        if (excerpt.Length > 60)
        {
            excerpt = excerpt[..57] + "...";
        }
        excerpt = excerpt.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
        var severity = d.Severity.ToString().ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture, $"//@[{startLine}:{startColumn}-{endLine}:{endColumn}) {severity} {d.Code}: {d.Message} |{excerpt}|");
    }
}
