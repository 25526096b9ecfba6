using System.Text;
using System.Text.Json.Nodes;

namespace Privc.Tests.Adversarial;

/// <summary>
/// One case of the adversarial suite (Adversarial/README.md): a tampering of the hospital example's compile output
/// and the exact answer <c>privc check</c> must give. The case folder holds <c>case.md</c> (the attack, the source
/// read, why the answer is right), <c>expect</c>, and the tampering: <c>files/</c> (added or replaced under the
/// output folder), <c>edits</c> (exact text replacements), optionally <c>args</c> (the check arguments after the
/// intent file and topology; default <c>--manifests {out}/kubernetes --flows {out}/onos/flows.json</c>) and
/// <c>stdin</c> (standard input).
/// </summary>
public sealed record AdversarialCase(string Name, string Folder)
{
    public static string Root => Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Adversarial", "Cases");

    /// <summary>
    /// The untampered artifacts: what <c>privc compile --route-preference none</c> writes for specs/examples/hospital-au
    /// (certificate digests masked). The cases were written against this plan; the default compile's short-route
    /// tie-breaker picks another plan of equal cost, so the base is kept here rather than read from the golden outputs.
    /// </summary>
    public static string Base => Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Adversarial", "Base", "hospital-au");

    public static IEnumerable<string> Names() =>
        Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static AdversarialCase Load(string name) => new(name, Path.Combine(Root, name));

    /// <summary>Copies the base artifacts to a fresh folder and applies the case's files and edits.</summary>
    public string Prepare()
    {
        var output = CliRunner.TempFolder();
        foreach (var sub in new[] { "kubernetes", "onos" })
        {
            Copy(Path.Combine(Base, sub), Path.Combine(output, sub));
        }
        var files = Path.Combine(Folder, "files");
        if (Directory.Exists(files))
        {
            Copy(files, output);
        }
        var edits = Path.Combine(Folder, "edits");
        if (File.Exists(edits))
        {
            ApplyEdits(File.ReadAllText(edits), output);
        }
        return output;
    }

    public string[] Arguments(string output)
    {
        var example = Path.Combine(TestPaths.Examples, "hospital-au");
        var argsFile = Path.Combine(Folder, "args");
        var rest = File.Exists(argsFile)
            ? File.ReadAllLines(argsFile).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).Select(l => l.Trim().Replace("{out}", output, StringComparison.Ordinal)).ToArray()
            : ["--manifests", Path.Combine(output, "kubernetes"), "--flows", Path.Combine(output, "onos", "flows.json")];
        return ["check", Path.Combine(example, "hospital.priv"), "--topology", Path.Combine(example, "topology.yaml"), .. rest, "--format", "json"];
    }

    public byte[]? Stdin => File.Exists(Path.Combine(Folder, "stdin")) ? File.ReadAllBytes(Path.Combine(Folder, "stdin")) : null;

    public Expectation Expect => Expectation.Parse(File.ReadAllText(Path.Combine(Folder, "expect")));

    /// <summary>
    /// Edits are blocks: <c>--- PATH</c> names a file of the output folder (<c>--- delete PATH</c> removes it), then
    /// <c>&lt;&lt;&lt;</c> old text <c>===</c> new text <c>&gt;&gt;&gt;</c>; the old text must occur exactly once.
    /// </summary>
    private static void ApplyEdits(string edits, string output)
    {
        string? file = null;
        var lines = edits.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("--- delete ", StringComparison.Ordinal))
            {
                File.Delete(Path.Combine(output, line["--- delete ".Length..].Trim()));
                continue;
            }
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                file = Path.Combine(output, line[4..].Trim());
                continue;
            }
            if (line != "<<<")
            {
                continue;
            }
            var old = new StringBuilder();
            var replacement = new StringBuilder();
            var target = old;
            for (i++; i < lines.Length && lines[i] != ">>>"; i++)
            {
                if (lines[i] == "===")
                {
                    target = replacement;
                    continue;
                }
                target.Append(lines[i]).Append('\n');
            }
            Assert.True(file is not null, "an edit block before any '--- PATH' line");
            var text = File.ReadAllText(file!);
            var count = CountOf(text, old.ToString());
            Assert.True(count == 1, $"edit of {file}: the old text occurs {count} times, not once:\n{old}");
            File.WriteAllText(file!, text.Replace(old.ToString(), replacement.ToString(), StringComparison.Ordinal));
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}

/// <summary>
/// The <c>expect</c> file: <c>exit N</c>; <c>violation NAME</c> (an intent or structural condition some violation
/// names); <c>code PRIVnnnn</c> (a diagnostic printed); <c>at PATH:LINE</c> (a violation or cannot-judge finding is
/// located on that line of that file, the path relative to the output folder); <c>no-violation NAME</c>;
/// <c>message TEXT</c> (the report or a diagnostic says it, so the answer is right for the right reason).
/// </summary>
public sealed record Expectation(int Exit, List<string> Violations, List<string> Codes, List<string> At, List<string> NoViolations, List<string> Messages)
{
    public static Expectation Parse(string text)
    {
        var exit = -1;
        var expectation = new Expectation(-1, [], [], [], [], []);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var (key, value) = space < 0 ? (line, string.Empty) : (line[..space], line[(space + 1)..].Trim());
            switch (key)
            {
                case "exit":
                    exit = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "violation":
                    expectation.Violations.Add(value);
                    break;
                case "no-violation":
                    expectation.NoViolations.Add(value);
                    break;
                case "code":
                    expectation.Codes.Add(value);
                    break;
                case "at":
                    expectation.At.Add(value);
                    break;
                case "message":
                    expectation.Messages.Add(value);
                    break;
                default:
                    throw new InvalidOperationException($"unknown expect line '{line}'");
            }
        }
        return expectation with { Exit = exit };
    }

    /// <summary>Every place the report locates something: violations' "at" and cannot-judge locations, and diagnostics on stderr.</summary>
    public static List<string> Locations(JsonNode? report, string stderr)
    {
        var places = new List<string>();
        foreach (var violation in report?["violations"]?.AsArray() ?? [])
        {
            places.AddRange((violation?["at"]?.AsArray() ?? []).Select(a => (string?)a ?? string.Empty));
        }
        places.AddRange((report?["unjudged"]?.AsArray() ?? []).Select(u => (string?)u?["location"] ?? string.Empty));
        places.AddRange(stderr.Split('\n').Where(l => l.Contains(": error PRIV", StringComparison.Ordinal) || l.Contains(": warning PRIV", StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(": ", StringComparison.Ordinal)]));
        return places;
    }
}
