using Privc.Llm.Evaluation;

namespace Privc.Tests.Llm;

/// <summary>The confidence bounds `privc eval` reports, against values computed independently.</summary>
public sealed class ProportionTests
{
    [Theory]
    [InlineData(2, 4, 0.150039, 0.849961)]
    [InlineData(0, 10, 0.0, 0.277533)]
    [InlineData(10, 10, 0.722467, 1.0)]
    [InlineData(95, 100, 0.888250, 0.978456)]
    public void Wilson_KnownCases_MatchTheScoreInterval(int correct, int cases, double low, double high)
    {
        var (l, h) = Proportion.Wilson(correct, cases);
        Assert.Equal(low, l, 5);
        Assert.Equal(high, h, 5);
    }

    [Theory]
    [InlineData(109, 109)]
    [InlineData(299, 299)]
    [InlineData(320, 320)]
    public void ClopperPearson_AllCorrect_IsTheClosedForm(int correct, int cases)
    {
        Assert.Equal(Math.Pow(0.05, 1.0 / cases), Proportion.ClopperPearsonLower(correct, cases), 9);
    }

    [Fact]
    public void ClopperPearson_SomeWrong_MatchesTheExactBinomialBound()
    {
        // One-sided 95%: P(X >= 9 | n = 10, p) = 0.05 at p = 0.6058; with 0 correct the bound is 0.
        Assert.Equal(0.60584, Proportion.ClopperPearsonLower(9, 10), 4);
        Assert.Equal(0.0, Proportion.ClopperPearsonLower(0, 10), 9);
        // 99% needs 299 cases without an error: 298 are not enough.
        Assert.True(Proportion.ClopperPearsonLower(298, 298) < 0.99);
        Assert.True(Proportion.ClopperPearsonLower(299, 299) >= 0.99);
    }
}
