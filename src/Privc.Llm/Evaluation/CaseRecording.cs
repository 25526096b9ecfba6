using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Privc.Diagnostics;
using Privc.Llm.Client;

namespace Privc.Llm.Evaluation;

/// <summary>One request to the model and what came back, as `eval --record` saves it.</summary>
public sealed record RecordedExchange(ImmutableArray<ChatTurn> Messages, string? Answer, TokenUsage Usage, long LatencyTicks, int Attempts, string? Failure);

/// <summary>
/// A case's exchanges with the model: `eval --record DIR` writes one file per case (<c>DIR/ID.json</c>), and
/// `eval --replay DIR` re-scores them offline, so a run made wherever a model is reachable can be checked in and
/// re-judged anywhere, with the judge of the day. The files hold the model's name, never the endpoint's key.
/// </summary>
public sealed record CaseRecording(string Case, string Model, ImmutableArray<RecordedExchange> Exchanges)
{
    public const int Version = 1;

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", Version);
            writer.WriteString("case", Case);
            writer.WriteString("model", Model);
            writer.WriteStartArray("exchanges");
            foreach (var exchange in Exchanges)
            {
                writer.WriteStartObject();
                writer.WriteStartArray("messages");
                foreach (var message in exchange.Messages)
                {
                    writer.WriteStartObject();
                    writer.WriteString("role", message.Role.ToString().ToLowerInvariant());
                    writer.WriteString("content", message.Content);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                if (exchange.Answer is null)
                {
                    writer.WriteNull("answer");
                }
                else
                {
                    writer.WriteString("answer", exchange.Answer);
                }
                writer.WriteNumber("prompt_tokens", exchange.Usage.Prompt);
                writer.WriteNumber("completion_tokens", exchange.Usage.Completion);
                writer.WriteNumber("latency_ticks", exchange.LatencyTicks);
                writer.WriteNumber("attempts", exchange.Attempts);
                if (exchange.Failure is null)
                {
                    writer.WriteNull("failure");
                }
                else
                {
                    writer.WriteString("failure", exchange.Failure);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Reads <c>DIR/ID.json</c>; a missing, unreadable or malformed file, or one for another case, is PRIV7022.</summary>
    public static (CaseRecording? Recording, Diagnostic? Error) Read(string directory, string caseId)
    {
        var path = Path.Combine(directory, caseId + ".json");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (root.GetProperty("version").GetInt32() != Version)
            {
                return (null, LlmDiagnostics.RecordingInvalid(path, $"version {root.GetProperty("version").GetInt32()} is not {Version}"));
            }
            var recorded = root.GetProperty("case").GetString();
            if (recorded != caseId)
            {
                return (null, LlmDiagnostics.RecordingInvalid(path, $"it records case '{recorded}', not '{caseId}'"));
            }
            var exchanges = root.GetProperty("exchanges").EnumerateArray().Select(e => new RecordedExchange(
                [.. e.GetProperty("messages").EnumerateArray().Select(m => new ChatTurn(Role(m.GetProperty("role").GetString()), m.GetProperty("content").GetString() ?? string.Empty))],
                e.GetProperty("answer").GetString(),
                new TokenUsage(e.GetProperty("prompt_tokens").GetInt64(), e.GetProperty("completion_tokens").GetInt64()),
                e.GetProperty("latency_ticks").GetInt64(),
                e.GetProperty("attempts").GetInt32(),
                e.GetProperty("failure").GetString())).ToImmutableArray();
            return (new CaseRecording(caseId, root.GetProperty("model").GetString() ?? "unknown", exchanges), null);
        }
        catch (FileNotFoundException)
        {
            return (null, LlmDiagnostics.RecordingInvalid(path, "no recording of this case (record it with eval --record)"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            return (null, LlmDiagnostics.RecordingInvalid(path, "cannot read it: " + e.Message));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return (null, LlmDiagnostics.RecordingInvalid(path, "not a recording: " + e.Message));
        }
    }

    private static ChatRole Role(string? role) => role switch
    {
        "system" => ChatRole.System,
        "user" => ChatRole.User,
        "assistant" => ChatRole.Assistant,
        _ => throw new FormatException($"unknown role '{role}'"),
    };
}
