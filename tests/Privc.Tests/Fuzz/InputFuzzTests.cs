using System.Diagnostics;
using System.Text;
using Privc.Artifacts.Checking;
using Privc.Artifacts.Kubernetes;
using Privc.Compiler;
using Privc.Parsing;
using Privc.Semantics;
using Privc.Syntax;
using Privc.Text;
using Privc.Topology;
using Privc.Topology.Import;

namespace Privc.Tests.Fuzz;

/// <summary>
/// A bounded fuzz test over every kind of input privc's commands read: intent files (parse, format, type-check),
/// topologies, Kubernetes manifests and ONOS flow rules (as <c>check</c> reads them) and GraphML (as <c>topology
/// import</c> reads it). Inputs are mutations of the files in Fuzz/corpus (the bundled examples' files and every
/// input that once crashed privc, kept as regressions). Whatever the input, a reader must answer with diagnostics,
/// never an exception, and within seconds. The default run is fixed-seed and small (a few seconds);
/// PRIVC_FUZZ_RUNS=N mutates each corpus file N times. A failing input is written out to replay and to keep.
/// </summary>
public class InputFuzzTests
{
    private static readonly string Corpus = Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Fuzz", "corpus");

    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(10);

    private static int Runs => int.TryParse(Environment.GetEnvironmentVariable("PRIVC_FUZZ_RUNS"), out var runs) && runs > 0 ? runs : 25;

    private static readonly Lazy<(BoundProgram Program, TopologyModel Topology, List<SourceText> Manifests, SourceText Flows)> Hospital = new(() =>
    {
        var topology = TopologyLoader.Load(Source("topology-hospital.yaml")).Topology!;
        var program = new Compilation([Source("priv-hospital.priv")], topology).Program!;
        var baseFolder = Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", "Golden", "Outputs", "hospital-au");
        var manifests = Directory.GetFiles(Path.Combine(baseFolder, "kubernetes"), "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => new SourceText(Path.GetFileName(f), File.ReadAllText(f))).ToList();
        return (program, topology, manifests, Source("flows-hospital.json"));
    });

    private static SourceText Source(string name) => new(name, File.ReadAllText(Path.Combine(Corpus, name)));

    public static TheoryData<string> CorpusFiles() => new(Directory.GetFiles(Corpus).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Fuzz_MutatedInputs_GetDiagnosticsNeverExceptions(string file)
    {
        var original = File.ReadAllText(Path.Combine(Corpus, file));
        // A stable seed per file (string hash codes differ from process to process); PRIVC_FUZZ_SEED varies it.
        var seed = BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(file)), 0)
            ^ (int.TryParse(Environment.GetEnvironmentVariable("PRIVC_FUZZ_SEED"), out var extra) ? extra : 20261205);
        var random = new Random(seed);
        // The file as kept, then its mutations.
        Judge(file, original);
        for (var run = 0; run < Runs; run++)
        {
            Judge(file, Mutate(original, random));
        }
    }

    private static void Judge(string file, string text)
    {
        var source = new SourceText(file, text);
        var clock = Stopwatch.StartNew();
        try
        {
            Read(file, source);
        }
        catch (Exception e)
        {
            Assert.Fail($"{file}: {e.GetType().Name}: {e.Message}\nthe input is kept at {Keep(file, text)}\n{e.StackTrace}");
        }
        Assert.True(clock.Elapsed < PerInput, $"{file}: reading took {clock.Elapsed}; the input is kept at {Keep(file, text)}");
    }

    /// <summary>What each command does with an input of this kind.</summary>
    private static void Read(string file, SourceText source)
    {
        var (bytesSource, error) = SourceReader.FromBytes(file, Encoding.UTF8.GetBytes(source.Text));
        if (bytesSource is null)
        {
            Assert.NotNull(error);
            return;
        }
        var hospital = Hospital.Value;
        switch (Path.GetFileName(file).Split('-')[0])
        {
            case "priv":
                var parse = SyntaxParser.Parse(source);
                if (parse.Program is { } program && !parse.Diagnostics.Any(d => d.IsError))
                {
                    SyntaxFormatter.Format(program);
                }
                _ = new Compilation([source], hospital.Topology).Diagnostics;
                break;
            case "topology":
                TopologyLoader.Load(source);
                break;
            case "manifest":
                // Beside privc's own manifests, as check reads a tampered folder, and alone.
                KubernetesReader.Read([.. hospital.Manifests, source], hospital.Topology, hospital.Program);
                KubernetesReader.Read([source], hospital.Topology, hospital.Program);
                break;
            case "flows":
                ArtifactChecker.Check(hospital.Program, hospital.Topology, new ArtifactInputs(hospital.Manifests, source));
                break;
            case "graphml":
                GraphMlImporter.Import(source, ImportOptions.Default);
                break;
            default:
                Assert.Fail($"{file}: the corpus file's name must start with priv-, topology-, manifest-, flows- or graphml-");
                break;
        }
    }

    private static readonly string[] Tokens =
    [
        "~", "null", "yes", "on", "0x", "0x2328", "021450", "9_000", ".inf", "-", "- ", ": ", ":", "{", "}", "[", "]", "\"", "'", "\\", "\\ud800",
        "\\u0000", "&a ", "*a", "<<: *a\n", "!!int ", "!foo ", "---\n", "...\n", "#", "\t", "\n", "  ", "%YAML 1.2\n", "?", "|", ">", ",", "0",
        "-1", "99999999999999999999", "1e400", "NaN", "true", "ip", "port", "kubernetes.io/hostname", "<", ">", "&", "<!DOCTYPE x [<!ENTITY e \"x\">]>",
        "&e;", "/*", "*/", "//", "intent", "service", ";", "\u00e9", "\uffff", "\ud83d\ude00", "99999ms", "1e3Gbps",
    ];

    /// <summary>One to three random edits: a token inserted, a range deleted or duplicated, a character replaced, or a cut.</summary>
    private static string Mutate(string text, Random random)
    {
        var result = new StringBuilder(text);
        var edits = random.Next(1, 4);
        for (var i = 0; i < edits; i++)
        {
            var at = result.Length == 0 ? 0 : random.Next(result.Length);
            switch (random.Next(6))
            {
                case 0:
                    result.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 1:
                    result.Remove(at, Math.Min(random.Next(1, 40), result.Length - at));
                    break;
                case 2:
                    var length = Math.Min(random.Next(1, 200), result.Length - at);
                    result.Insert(at, result.ToString(at, length));
                    break;
                case 3:
                    if (result.Length > 0)
                    {
                        result[at] = (char)random.Next(32, 127);
                    }
                    break;
                case 4:
                    result.Length = at;
                    break;
                default:
                    // Swap two lines, which moves keys between mappings and items between lists.
                    var lines = result.ToString().Split('\n');
                    if (lines.Length > 2)
                    {
                        var (a, b) = (random.Next(lines.Length), random.Next(lines.Length));
                        (lines[a], lines[b]) = (lines[b], lines[a]);
                        result.Clear().Append(string.Join('\n', lines));
                    }
                    break;
            }
        }
        return result.ToString();
    }

    private static string Keep(string file, string text)
    {
        var folder = Path.Combine(Path.GetTempPath(), "privc-fuzz-crashers");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(file)}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12]}{Path.GetExtension(file)}");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text)); // lone surrogates become U+FFFD rather than failing the write
        return path;
    }
}
