using System.Xml.Linq;
using Privc.Checking;

namespace Privc.Tests.Checker;

/// <summary>
/// The independent checker's independence is a fact of the build: Privc.Checker references only Privc.Core (the
/// language), and its project file fails the build otherwise. These tests keep both halves of that true.
/// </summary>
public class CheckerIndependenceTests
{
    [Fact]
    public void CheckerAssembly_References_OnlyTheLanguageAndTheBaseLibrary()
    {
        var references = typeof(ConfigurationChecker).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n != "netstandard" && n != "mscorlib")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["Privc.Core"], references);
    }

    [Fact]
    public void CheckerProject_HasTheBuildGuard_AndOnlyTheCoreReference()
    {
        var project = XDocument.Load(Path.Combine(TestPaths.RepositoryRoot, "src", "Privc.Checker", "Privc.Checker.csproj"));
        var references = project.Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include")).ToList();
        Assert.Equal(["../Privc.Core/Privc.Core.csproj"], references);
        Assert.Empty(project.Descendants("PackageReference"));
        var guard = Assert.Single(project.Descendants("Target"), t => (string?)t.Attribute("Name") == "PrivcCheckerStaysIndependent");
        Assert.Contains("'@(ProjectReference)' != '../Privc.Core/Privc.Core.csproj'", guard.ToString(), StringComparison.Ordinal);
    }
}
