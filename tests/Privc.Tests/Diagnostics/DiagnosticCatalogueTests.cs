using System.Reflection;
using System.Text.RegularExpressions;
using Privc.Diagnostics;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Diagnostics;

/// <summary>
/// Keeps the catalogue honest: codes are unique and well-formed, and every code, including ones other stages add
/// later, has at least one test marked <see cref="CoversDiagnosticAttribute"/> that provokes it.
/// </summary>
public partial class DiagnosticCatalogueTests
{
    [Fact]
    public void Catalogue_Codes_AreUniqueAndWellFormed()
    {
        var codes = Catalogues.All.Select(d => d.Code).ToList();
        Assert.NotEmpty(codes);
        var malformed = codes.Where(c => !CodePattern().IsMatch(c)).ToList();
        Assert.True(malformed.Count == 0, "malformed codes: " + string.Join(", ", malformed));
        var duplicates = codes.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "codes used twice: " + string.Join(", ", duplicates));
    }

    [Fact]
    public void Catalogue_EveryDescriptor_IsInAListedCatalogue()
    {
        // Load every privc assembly the CLI uses, so that descriptors anywhere are seen.
        _ = typeof(Privc.Cli.CliApplication).Assembly;
        _ = typeof(Privc.Checking.ConfigurationChecker).Assembly;
        _ = typeof(Privc.Verification.Verifier).Assembly;
        _ = typeof(Privc.Artifacts.ArtifactFile).Assembly;
        var undeclared = Catalogues.Undeclared().ToList();
        Assert.True(undeclared.Count == 0, "descriptors outside the listed catalogues (add them to Catalogues.All): " + string.Join(", ", undeclared));
    }

    [Fact]
    public void Catalogue_Descriptors_HaveTitles()
    {
        var untitled = Catalogues.All.Where(d => string.IsNullOrWhiteSpace(d.Title)).Select(d => d.Code).ToList();
        Assert.True(untitled.Count == 0, "codes without a title: " + string.Join(", ", untitled));
    }

    [Fact]
    public void Catalogue_EveryCode_HasACoveringTest()
    {
        var covered = CoveringTests().Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var missing = Catalogues.All.Select(d => d.Code).Where(c => !covered.Contains(c)).ToList();
        Assert.True(missing.Count == 0,
            $"{missing.Count} diagnostic code(s) have no test marked [CoversDiagnostic(\"...\")]: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Catalogue_CoversDiagnosticAttributes_NameExistingCodes()
    {
        var known = Catalogues.All.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        var unknown = CoveringTests().Where(c => !known.Contains(c.Code)).Select(c => $"{c.Test}: {c.Code}").ToList();
        Assert.True(unknown.Count == 0, "[CoversDiagnostic] names codes the catalogue does not have: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Catalogue_CoversDiagnosticAttributes_AreOnTests()
    {
        var notTests = CoveringTests().Where(c => !c.IsTest).Select(c => c.Test).Distinct().ToList();
        Assert.True(notTests.Count == 0, "[CoversDiagnostic] on methods that are not tests: " + string.Join(", ", notTests));
    }

    private static IEnumerable<(string Code, string Test, bool IsTest)> CoveringTests() =>
        typeof(DiagnosticCatalogueTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes<CoversDiagnosticAttribute>().Select(a =>
                (a.Code, $"{m.DeclaringType!.Name}.{m.Name}", m.GetCustomAttributes<FactAttribute>(inherit: true).Any())));

    [GeneratedRegex("^PRIV[0-9]{4}$")]
    private static partial Regex CodePattern();
}
