using System.Text.Json.Nodes;
using Privc.Semantics;
using Privc.Topology;
using Privc.Verification.Explanation;

namespace Privc.Cli.Commands;

/// <summary>
/// The back-translation translate shows before it writes: the new intents and objectives in explain's English, then
/// the concrete nodes, devices and links each intent selects on the topology (<see cref="TopologySelection"/>). A
/// person confirms this, not the DSL: "jurisdiction == AU" may read right and still keep a node the operator
/// thought was excluded.
/// </summary>
internal sealed class TranslationReview
{
    private readonly BoundProgram program;
    private readonly string outputPath;
    private readonly ProgramInEnglish english;
    private readonly TopologySelection selection;

    private TranslationReview(BoundProgram program, TopologyModel topology, string outputPath)
    {
        this.program = program;
        this.outputPath = outputPath;
        english = new ProgramInEnglish(program);
        selection = new TopologySelection(program, topology);
    }

    /// <summary>The review of the items of <paramref name="program"/> that come from <paramref name="outputPath"/> (the translation, not its context).</summary>
    public static TranslationReview Of(BoundProgram program, TopologyModel topology, string outputPath) => new(program, topology, outputPath);

    private bool IsNew(string path) => path == outputPath;

    public string Text
    {
        get
        {
            var said = english.Explain(IsNew);
            var selected = selection.Explain(IsNew);
            return selected.Length == 0 ? said : said + "\n" + selected;
        }
    }

    /// <summary>translate's JSON result: the file, whether it was written (set by the caller once it is), and per intent its English and its selection.</summary>
    public JsonObject Json(string output, string summary, string content) => new()
    {
        ["output"] = output,
        ["written"] = false,
        ["summary"] = summary,
        ["dsl"] = content,
        ["intents"] = new JsonArray([.. program.Intents.Where(i => IsNew(i.Location.Path)).OrderBy(i => i.Location).Select(i => (JsonNode)new JsonObject
        {
            ["name"] = i.Name,
            ["kind"] = i.Kind,
            ["location"] = i.Location.Display,
            ["english"] = english.ExplainIntent(i),
            ["selects"] = new JsonArray([.. selection.Of(i).Select(line => (JsonNode)JsonValue.Create(line))]),
        })]),
    };
}
