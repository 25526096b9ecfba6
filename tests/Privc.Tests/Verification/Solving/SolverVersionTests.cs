using Privc.Verification.Solving;

namespace Privc.Tests.Verification.Solving;

public class SolverVersionTests
{
    [Theory]
    [InlineData("Z3 version 4.8.12 - 64 bit", 4, 8, 12)]
    [InlineData("Z3 version 4.13.0 - 64 bit\n", 4, 13, 0)]
    [InlineData("This is cvc5 version 1.0.3\ncompiled with GCC version 12.2.0\non Dec 20 2022", 1, 0, 3)]
    [InlineData("This is cvc5 version 1.2.1 [git tag 1.2.1 branch HEAD]", 1, 2, 1)]
    [InlineData("Z3 version 4.8", 4, 8, 0)]
    public void TryParse_Banners(string banner, int major, int minor, int patch)
    {
        Assert.Equal(new SolverVersion(major, minor, patch), SolverVersion.TryParse(banner));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("version x.y")]
    public void TryParse_NoVersion_IsNull(string banner)
    {
        Assert.Null(SolverVersion.TryParse(banner));
    }

    [Fact]
    public void CompareTo_OrdersNumericallyNotTextually()
    {
        Assert.True(new SolverVersion(4, 12, 0).CompareTo(new SolverVersion(4, 8, 12)) > 0);
        Assert.True(new SolverVersion(4, 6, 0).CompareTo(new SolverVersion(4, 8, 0)) < 0);
        Assert.Equal(0, new SolverVersion(1, 0, 3).CompareTo(new SolverVersion(1, 0, 3)));
        Assert.Equal("4.8.12", new SolverVersion(4, 8, 12).ToString());
    }
}
