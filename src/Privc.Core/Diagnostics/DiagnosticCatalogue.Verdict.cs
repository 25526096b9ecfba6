namespace Privc.Diagnostics;

/// <summary>
/// 5080-5099: the verdict of <c>privc check</c> as machine output. A violation is not a diagnostic about the input
/// (the artifacts are well formed; they break an intent), but SARIF and JUnit need a rule for it.
/// </summary>
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor IntentViolated = new("PRIV5080", Severity.Error, "Deployed artifacts violate an intent");
    }
}
