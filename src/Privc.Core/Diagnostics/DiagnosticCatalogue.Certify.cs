namespace Privc.Diagnostics;

// 8xxx: replaying certificates with a second solver (privc certify, privc compile --cross-check).
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor CertificateNotFound = new("PRIV8001", Severity.Error, "No certificate in the folder");
        public static readonly DiagnosticDescriptor CertificateMalformed = new("PRIV8002", Severity.Error, "The certificate is malformed");
        public static readonly DiagnosticDescriptor ObligationDisagrees = new("PRIV8003", Severity.Error, "The replaying solver disagrees with an obligation's answer");
        public static readonly DiagnosticDescriptor ObligationUndecided = new("PRIV8004", Severity.Error, "The replaying solver did not decide an obligation");
        public static readonly DiagnosticDescriptor ObligationNotReplayable = new("PRIV8005", Severity.Warning, "An obligation uses commands the replaying solver lacks");
        public static readonly DiagnosticDescriptor RouteFactRefuted = new("PRIV8006", Severity.Error, "A static route fact of the certificate does not hold");
    }

    public static Diagnostic CertificateNotFound(string path, string problem) =>
        AtFile(Codes.CertificateNotFound, path, $"no certificate here ({problem}); pass the output folder of `privc compile`, which holds certificate/answers.json");

    public static Diagnostic CertificateMalformed(string path, string problem) =>
        AtFile(Codes.CertificateMalformed, path, $"the certificate is malformed: {problem}; compile again to get a fresh one");

    public static Diagnostic ObligationDisagrees(string path, string detail) =>
        AtFile(Codes.ObligationDisagrees, path, $"solvers disagree: {detail}; one solver, or privc's encoding, is wrong, so the verdict is not confirmed; report it with this .smt2 file");

    public static Diagnostic ObligationUndecided(string path, string detail) =>
        AtFile(Codes.ObligationUndecided, path, $"not confirmed: {detail}; raise --timeout or replay the file by hand");

    public static Diagnostic ObligationNotReplayable(string path, string solver, string feature) =>
        AtFile(Codes.ObligationNotReplayable, path, $"not replayable by {solver}: {feature}; it is skipped, not confirmed (replay it with --solver z3)");

    public static Diagnostic RouteFactRefuted(string path, string detail) =>
        AtFile(Codes.RouteFactRefuted, path, $"a route fact the master obligations assert does not hold: {detail}; the verdict is not confirmed; report it with this file");
}
