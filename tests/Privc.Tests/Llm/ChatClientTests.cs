using Privc.Llm.Client;

namespace Privc.Tests.Llm;

/// <summary>The pieces of the HTTP client that need no server: reading the wire format, retry delays, settings.</summary>
public class ChatClientTests
{
    [Theory]
    [InlineData("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}", "hi", 12, 3, null)]
    [InlineData("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"no\"}}]}", "", 0, 0, null)]
    [InlineData("{\"choices\":[{\"message\":{\"content\":\"x\"}}],\"usage\":{\"prompt_tokens\":\"many\"}}", "x", 0, 0, null)]
    [InlineData("{}", "", 0, 0, "the body has no 'choices'")]
    [InlineData("[1,2]", "", 0, 0, "the body is not a JSON object")]
    [InlineData("{\"choices\":[{}]}", "", 0, 0, "the first choice has no 'message'")]
    [InlineData("{\"choices\":[{\"message\":{\"content\":[{\"type\":\"text\"}]}}]}", "", 0, 0, "the message's 'content' is not a string")]
    public void Read_ChatCompletionBodies_ValidatesTheShape(string body, string text, long prompt, long completion, string? problem)
    {
        var (content, usage, error) = OpenAIChatModel.Read(BinaryData.FromString(body));
        Assert.Equal(problem, error);
        Assert.Equal(text, content);
        Assert.Equal(new TokenUsage(prompt, completion), usage);
    }

    private static readonly LlmSettings Settings = new() { Endpoint = new Uri("http://127.0.0.1:1/v1"), Model = "m", ApiKey = new Secret("k") };
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 2.0)]
    [InlineData(3, 4.0)]
    [InlineData(6, 30.0)]
    [InlineData(40, 30.0)]
    public void Compute_NoRetryAfter_BacksOffExponentiallyUpToTheCap(int attempt, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryDelay.Compute(attempt, null, null, Settings, Now));
    }

    [Fact]
    public void Compute_RetryAfterForms_AreHonouredWithinTheLimit()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1500), RetryDelay.Compute(1, "1500", "9", Settings, Now));
        Assert.Equal(TimeSpan.FromSeconds(9), RetryDelay.Compute(1, null, "9", Settings, Now));
        Assert.Equal(TimeSpan.FromSeconds(20), RetryDelay.Compute(1, null, "Wed, 01 Jan 2025 12:00:20 GMT", Settings, Now));
        Assert.Equal(TimeSpan.Zero, RetryDelay.Compute(1, null, "Wed, 01 Jan 2025 11:00:00 GMT", Settings, Now));
        Assert.Null(RetryDelay.Compute(1, null, "61", Settings, Now));
        Assert.Equal(TimeSpan.FromSeconds(1), RetryDelay.Compute(1, null, "soon", Settings, Now));
    }

    [Fact]
    public void Settings_PrintedAnywhere_HideTheKey()
    {
        var settings = Settings with { ApiKey = new Secret("sk-very-secret") };
        Assert.DoesNotContain("sk-very-secret", settings.ToString(), StringComparison.Ordinal);
        Assert.Equal("error: (hidden)", settings.ApiKey.Redact("error: sk-very-secret"));
    }

    [Fact]
    public void DisplayEndpoint_DropsCredentialsAndQuery()
    {
        Assert.Equal("https://example.openai.azure.com/openai/v1",
            LlmSettings.Display(new Uri("https://user:pw@example.openai.azure.com/openai/v1/?api-key=abc#x")));
    }

    [Fact]
    public void Resolve_FlagsBeatEnvironment_AndLocalServersNeedNoKey()
    {
        var environment = new Dictionary<string, string> { ["OPENAI_BASE_URL"] = "http://env:1/v1", ["PRIVC_MODEL"] = "env-model" };
        var (fromEnvironment, _) = LlmSettingsResolver.Resolve(null, null, null, environment.GetValueOrDefault);
        Assert.Equal("http://env:1/v1", fromEnvironment!.DisplayEndpoint);
        Assert.Equal("env-model", fromEnvironment.Model);
        Assert.Equal(LlmSettingsResolver.PlaceholderKey, fromEnvironment.ApiKey.Reveal());
        var (fromFlags, _) = LlmSettingsResolver.Resolve("http://flag:2/v1", "flag-model", "k", environment.GetValueOrDefault);
        Assert.Equal(("http://flag:2/v1", "flag-model", "k"), (fromFlags!.DisplayEndpoint, fromFlags.Model, fromFlags.ApiKey.Reveal()));
    }
}
