using System.Reflection;
using Privc.Diagnostics;
using Privc.Live;
using Privc.Llm;

namespace Privc.Tests.Infrastructure;

/// <summary>
/// Every diagnostic catalogue of privc: the core's (<see cref="DiagnosticCatalogue"/>) and those of the projects that
/// own their code ranges (LLM 7xxx, live clients 9xxx). <see cref="Undeclared"/> finds descriptors declared anywhere
/// else, so a new catalogue cannot be left out of the tests that keep codes unique and covered.
/// </summary>
public static class Catalogues
{
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = DiagnosticCatalogue.All
        .Concat(LlmDiagnostics.All)
        .Concat(LiveDiagnostics.All)
        .OrderBy(d => d.Code, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Descriptors in privc's assemblies that <see cref="All"/> does not list.</summary>
    public static IEnumerable<string> Undeclared()
    {
        var known = All.ToHashSet();
        var assemblies = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name is { } name && (name.StartsWith("Privc.", StringComparison.Ordinal) || name == "privc") && name != "Privc.Tests");
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(f => f.FieldType == typeof(DiagnosticDescriptor)))
            {
                if (field.GetValue(null) is DiagnosticDescriptor descriptor && !known.Contains(descriptor))
                {
                    yield return $"{type.FullName}.{field.Name} ({descriptor.Code})";
                }
            }
        }
    }
}
