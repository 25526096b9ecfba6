using Privc.Llm.Translation;

namespace Privc.Tests.Llm;

public class AnswerExtractorTests
{
    [Fact]
    public void Extract_TextAroundAPrivBlock_TakesTheBlock()
    {
        var extraction = AnswerExtractor.Extract("Sure! Here you go:\n\n```priv\nintent a: place triage on tee;\n```\n\nThis keeps triage on TEE nodes.");
        Assert.Equal<string>(["intent a: place triage on tee;\n"], extraction.Candidates);
        Assert.Null(extraction.Declined);
    }

    [Fact]
    public void Extract_SeveralBlocks_PrivTaggedFirstThenOthersInOrder()
    {
        var extraction = AnswerExtractor.Extract("```\nuntagged;\n```\n```text\nother;\n```\n~~~priv\nfirst;\n~~~\n```PRIVC\nsecond;\n```");
        Assert.Equal<string>(["first;\n", "second;\n", "untagged;\n", "other;\n"], extraction.Candidates);
    }

    [Fact]
    public void Extract_NoFence_TakesTheWholeAnswer()
    {
        Assert.Equal<string>(["intent a: place triage on tee;\n"], AnswerExtractor.Extract("  intent a: place triage on tee;  \n").Candidates);
    }

    [Fact]
    public void Extract_UnterminatedFence_TakesTheRest()
    {
        Assert.Equal<string>(["intent a: place triage on tee;\n"], AnswerExtractor.Extract("```priv\nintent a: place triage on tee;").Candidates);
    }

    [Fact]
    public void Extract_LongerFence_ClosesOnlyOnALongEnoughFence()
    {
        Assert.Equal<string>(["a\n```\nb\n"], AnswerExtractor.Extract("````priv\na\n```\nb\n````").Candidates);
    }

    [Fact]
    public void Extract_EmptyAnswer_HasNoCandidate()
    {
        Assert.Empty(AnswerExtractor.Extract("").Candidates);
        Assert.Empty(AnswerExtractor.Extract("```priv\n\n```").Candidates);
    }

    [Theory]
    [InlineData("UNSUPPORTED: there is no NZ jurisdiction", "there is no NZ jurisdiction")]
    [InlineData("I cannot do that.\n**UNSUPPORTED: no such service**", "no such service")]
    [InlineData("`unsupported:`", "no reason given")]
    public void Extract_Decline_GivesTheReason(string answer, string reason)
    {
        var extraction = AnswerExtractor.Extract(answer);
        Assert.Equal(reason, extraction.Declined);
        Assert.Empty(extraction.Candidates);
    }

    [Fact]
    public void Extract_DeclineBesideAPrivBlock_TheBlockWins()
    {
        var extraction = AnswerExtractor.Extract("UNSUPPORTED: part of it\n```priv\nintent a: place triage on tee;\n```");
        Assert.Null(extraction.Declined);
        Assert.Single(extraction.Candidates);
    }
}
