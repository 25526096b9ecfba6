namespace Privc.Tests.Infrastructure;

/// <summary>
/// Marks a test that provokes a diagnostic and asserts its code and location. Every code in the catalogue must be
/// covered by at least one such test (Diagnostics/DiagnosticCatalogueTests).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class CoversDiagnosticAttribute : Attribute
{
    public CoversDiagnosticAttribute(string code)
    {
        Code = code;
    }

    public string Code { get; }
}
