using Privc.Text;

namespace Privc.Diagnostics;

// 8010-8019: reading a compile output folder back for a report (privc report); the certificate's own codes are 8001-8009.
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor PlanMalformed = new("PRIV8010", Severity.Error, "plan.json is missing or malformed");
        public static readonly DiagnosticDescriptor PlanForOtherTopology = new("PRIV8011", Severity.Error, "The plan was made for another topology");
        public static readonly DiagnosticDescriptor ReportFileExists = new("PRIV8012", Severity.Error, "The report file exists and is not a privc report");
    }

    public static Diagnostic PlanMissing(string path, string problem) =>
        AtFile(Codes.PlanMalformed, path, $"cannot read the plan ({problem}); pass the output folder of a successful `privc compile`");

    public static Diagnostic PlanMalformed(SourceLocation location, string problem) =>
        At(Codes.PlanMalformed, location, $"the plan is malformed: {problem}; compile again to get a fresh one");

    public static Diagnostic PlanForOtherTopology(SourceLocation location, string planTopology, string topology) =>
        At(Codes.PlanForOtherTopology, location, $"the plan was made for topology '{planTopology}', not '{topology}'; pass the topology it was compiled against");

    public static Diagnostic ReportFileExists(string path) =>
        AtFile(Codes.ReportFileExists, path, $"'{path}' exists and is not a report privc wrote; pass --force to replace it, or name another file");

    public static Diagnostic ReportFolderNotOwned(string path, int count, string listed) =>
        AtFile(Codes.OutputNotOwned, path, $"will not add a report to '{path}': it holds {count} file(s) privc did not write or that changed since ({listed}); compile into a fresh folder and report on that");
}
