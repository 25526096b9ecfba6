namespace Privc.Tests.Infrastructure;

/// <summary>
/// Golden files kept in the repository under tests/Privc.Tests. Set PRIVC_UPDATE_BASELINES=1 to rewrite them from
/// the current output (then review the diff with git).
/// </summary>
public static class Baseline
{
    public static void AssertMatches(string relativePath, string actual)
    {
        var path = Path.Combine(TestPaths.RepositoryRoot, "tests", "Privc.Tests", relativePath);
        if (Environment.GetEnvironmentVariable("PRIVC_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"baseline {relativePath} is missing; run the tests with PRIVC_UPDATE_BASELINES=1 to create it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
