using Privc.Text;

namespace Privc.Diagnostics;

/// <summary>
/// One entry of a catalogue: a stable code, its default severity and a short title for documentation. Catalogues
/// (<see cref="DiagnosticCatalogue"/> and the ones of the projects that own other code ranges) create diagnostics
/// only through <see cref="At"/> and <see cref="AtFile"/>, so every diagnostic carries a catalogued code.
/// </summary>
public sealed record DiagnosticDescriptor(string Code, Severity Severity, string Title)
{
    /// <summary>A diagnostic at a source location.</summary>
    public Diagnostic At(SourceLocation location, string message) => new(Code, Severity, message, location, null);

    /// <summary>A diagnostic about a whole file (or, with a null path, about the invocation).</summary>
    public Diagnostic AtFile(string? path, string message) => new(Code, Severity, message, null, path);
}
