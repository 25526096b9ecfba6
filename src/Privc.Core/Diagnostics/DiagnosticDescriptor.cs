namespace Privc.Diagnostics;

/// <summary>One entry of the catalogue: a stable code, its default severity and a short title for documentation.</summary>
public sealed record DiagnosticDescriptor(string Code, Severity Severity, string Title);
