using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;

namespace Privc.Llm.Client;

/// <summary>
/// Adds the request fields the OpenAI package has no setting for, or names differently from the servers privc
/// targets: <c>seed</c>, <c>max_tokens</c> (vLLM, Ollama, llama.cpp and OpenAI's non-reasoning models read this name),
/// <c>grammar</c> (llama.cpp's grammar-constrained sampling) and, for a streamed request,
/// <c>stream_options.include_usage</c> so that the last event reports the tokens. The body is the package's own
/// JSON, parsed and written back with the fields added; nothing else changes.
/// </summary>
internal sealed class RequestExtrasPolicy : PipelinePolicy
{
    private readonly LlmSettings settings;

    public RequestExtrasPolicy(LlmSettings settings)
    {
        this.settings = settings;
    }

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
    }

    private void Rewrite(PipelineMessage message)
    {
        if (message.Request.Content is not { } content)
        {
            return;
        }
        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        if (JsonNode.Parse(buffer.ToArray()) is not JsonObject body)
        {
            return;
        }
        if (settings.Seed is { } seed)
        {
            body["seed"] = seed;
        }
        if (settings.MaxTokens is { } maxTokens)
        {
            body["max_tokens"] = maxTokens;
        }
        if (settings.Grammar is { } grammar)
        {
            body["grammar"] = grammar;
        }
        if (body["stream"] is JsonValue stream && stream.TryGetValue<bool>(out var streamed) && streamed)
        {
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }
        message.Request.Content = BinaryContent.Create(BinaryData.FromString(body.ToJsonString()));
    }
}
