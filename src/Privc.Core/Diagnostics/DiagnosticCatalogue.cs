using System.Globalization;
using System.Reflection;
using Privc.Text;

namespace Privc.Diagnostics;

/// <summary>
/// The core catalogue of diagnostics, with their stable codes. Every range privc uses, and where it is declared:
/// <list type="bullet">
/// <item>0xxx input files and invocation; 1xxx lexing and parsing; 2xxx binding and typing; 3xxx topology files;
/// 4001-4009 verification (unsat cores, rejected plans, unproven optima); 4010-4019 the solver; 5001-5019 and
/// 5040-5059 reading Kubernetes manifests; 5020-5039 and 5060-5079 ONOS flow rules; 5100-5199 what `privc check`
/// cannot judge; 6xxx topology import; 8001-8009 certificate replay (8006 route facts), 8010-8019 reading an output folder back for a report: here, in <c>Privc.Core</c>.</item>
/// <item>7xxx the natural-language front end: <c>Privc.Llm.LlmDiagnostics</c>.</item>
/// <item>9xxx the live clients (deploy, topology pull): <c>Privc.Live.LiveDiagnostics</c>.</item>
/// </list>
/// A code is never reused for a different meaning; tests fail when a code lacks a test, is duplicated, or is
/// declared outside these catalogues.
/// </summary>
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        // 0xxx: input files and invocation
        public static readonly DiagnosticDescriptor FileNotReadable = new("PRIV0001", Severity.Error, "File cannot be read");
        public static readonly DiagnosticDescriptor InvalidUtf8 = new("PRIV0002", Severity.Error, "File is not valid UTF-8");
        public static readonly DiagnosticDescriptor BinaryFile = new("PRIV0003", Severity.Error, "File looks binary");
        public static readonly DiagnosticDescriptor FileTooLarge = new("PRIV0004", Severity.Error, "File too large");
        public static readonly DiagnosticDescriptor TooDeep = new("PRIV0005", Severity.Error, "Nesting or expression too deep");
        public static readonly DiagnosticDescriptor Usage = new("PRIV0006", Severity.Error, "Invalid command-line usage");
        public static readonly DiagnosticDescriptor OutputNotWritable = new("PRIV0007", Severity.Error, "Output cannot be written");
        public static readonly DiagnosticDescriptor NoIntentFiles = new("PRIV0008", Severity.Error, "No intent files given");
        public static readonly DiagnosticDescriptor OutputNotOwned = new("PRIV0009", Severity.Error, "Output folder holds files privc did not write");
        public static readonly DiagnosticDescriptor OutputHoldsInputs = new("PRIV0010", Severity.Error, "Output would replace an input or the working folder");
        public static readonly DiagnosticDescriptor OutputFileExists = new("PRIV0011", Severity.Error, "Output file exists");

        // 1xxx: lexing and parsing
        public static readonly DiagnosticDescriptor UnexpectedCharacter = new("PRIV1001", Severity.Error, "Unexpected character");
        public static readonly DiagnosticDescriptor UnterminatedString = new("PRIV1002", Severity.Error, "Unterminated string");
        public static readonly DiagnosticDescriptor UnterminatedComment = new("PRIV1003", Severity.Error, "Unterminated block comment");
        public static readonly DiagnosticDescriptor SyntaxError = new("PRIV1004", Severity.Error, "Syntax error");
        public static readonly DiagnosticDescriptor MissingToken = new("PRIV1005", Severity.Error, "Missing token");
        public static readonly DiagnosticDescriptor InvalidEscape = new("PRIV1006", Severity.Error, "Invalid escape sequence");

        // 2xxx: binding and typing
        public static readonly DiagnosticDescriptor DuplicateDeclaration = new("PRIV2001", Severity.Error, "Duplicate declaration");
        public static readonly DiagnosticDescriptor UnknownService = new("PRIV2002", Severity.Error, "Unknown service");
        public static readonly DiagnosticDescriptor UnknownData = new("PRIV2003", Severity.Error, "Unknown data class");
        public static readonly DiagnosticDescriptor UnknownFlow = new("PRIV2004", Severity.Error, "Unknown flow");
        public static readonly DiagnosticDescriptor UnknownLevel = new("PRIV2005", Severity.Error, "Unknown sensitivity level");
        public static readonly DiagnosticDescriptor DuplicateLevels = new("PRIV2006", Severity.Error, "Sensitivity levels declared twice");
        public static readonly DiagnosticDescriptor UnknownProperty = new("PRIV2007", Severity.Error, "Unknown service property");
        public static readonly DiagnosticDescriptor DuplicateProperty = new("PRIV2008", Severity.Error, "Duplicate service property");
        public static readonly DiagnosticDescriptor MissingProperty = new("PRIV2009", Severity.Error, "Missing required service property");
        public static readonly DiagnosticDescriptor WrongValueKind = new("PRIV2010", Severity.Error, "Value of the wrong kind");
        public static readonly DiagnosticDescriptor UnitMismatch = new("PRIV2011", Severity.Error, "Quantity of the wrong dimension");
        public static readonly DiagnosticDescriptor UnknownUnit = new("PRIV2012", Severity.Error, "Unknown unit");
        public static readonly DiagnosticDescriptor ValueOutOfRange = new("PRIV2013", Severity.Error, "Value out of range");
        public static readonly DiagnosticDescriptor ClearanceViolation = new("PRIV2014", Severity.Error, "Flow carries data above the receiver's clearance");
        public static readonly DiagnosticDescriptor HandlesAboveClearance = new("PRIV2015", Severity.Error, "Service handles data above its clearance");
        public static readonly DiagnosticDescriptor UnknownTag = new("PRIV2016", Severity.Error, "Unknown data tag");
        public static readonly DiagnosticDescriptor UnknownTenant = new("PRIV2017", Severity.Error, "Unknown tenant");
        public static readonly DiagnosticDescriptor UnknownAttribute = new("PRIV2018", Severity.Error, "Unknown attribute");
        public static readonly DiagnosticDescriptor UnknownAttributeValue = new("PRIV2019", Severity.Error, "Attribute value not in the topology");
        public static readonly DiagnosticDescriptor UnorderedComparison = new("PRIV2020", Severity.Error, "Ordering comparison on an unordered attribute");
        public static readonly DiagnosticDescriptor UnknownDevice = new("PRIV2021", Severity.Error, "Unknown device");
        public static readonly DiagnosticDescriptor SelfFlow = new("PRIV2022", Severity.Error, "Flow from a service to itself");
        public static readonly DiagnosticDescriptor InvalidDeclassification = new("PRIV2023", Severity.Error, "Invalid declassification");
        public static readonly DiagnosticDescriptor UnknownMetric = new("PRIV2024", Severity.Error, "Unknown objective metric");
        public static readonly DiagnosticDescriptor SpreadExceedsReplicas = new("PRIV2025", Severity.Error, "Spread asks for more values than replicas");
        public static readonly DiagnosticDescriptor EmptySelection = new("PRIV2026", Severity.Warning, "Intent selects nothing");
        public static readonly DiagnosticDescriptor UpperBoundOnly = new("PRIV2027", Severity.Error, "Path bounds are upper bounds");
        public static readonly DiagnosticDescriptor DuplicateLevel = new("PRIV2028", Severity.Error, "Level listed twice");
        public static readonly DiagnosticDescriptor PortNotExposed = new("PRIV2029", Severity.Error, "Flow port not exposed by its target");
        public static readonly DiagnosticDescriptor WrongAttributeType = new("PRIV2030", Severity.Error, "Attribute compared with a value of another type");
        public static readonly DiagnosticDescriptor DuplicateFlowClause = new("PRIV2031", Severity.Error, "Flow clause given twice");
        public static readonly DiagnosticDescriptor MissingLabel = new("PRIV2032", Severity.Warning, "Attribute missing on some elements");
        public static readonly DiagnosticDescriptor InvalidKubernetesName = new("PRIV2033", Severity.Error, "Name is not a valid Kubernetes name");
        public static readonly DiagnosticDescriptor InvalidProbe = new("PRIV2034", Severity.Error, "Malformed probe");
        public static readonly DiagnosticDescriptor InvalidEnvironment = new("PRIV2035", Severity.Error, "Malformed environment variable");
        public static readonly DiagnosticDescriptor InvalidVolume = new("PRIV2036", Severity.Error, "Malformed volume");

        // 3xxx: topology files
        public static readonly DiagnosticDescriptor TopologySyntax = new("PRIV3001", Severity.Error, "Topology is not well-formed YAML");
        public static readonly DiagnosticDescriptor TopologyMissingField = new("PRIV3002", Severity.Error, "Topology field missing");
        public static readonly DiagnosticDescriptor TopologyBadValue = new("PRIV3003", Severity.Error, "Topology field has an invalid value");
        public static readonly DiagnosticDescriptor TopologyDuplicate = new("PRIV3004", Severity.Error, "Duplicate name in topology");
        public static readonly DiagnosticDescriptor TopologyUnknownDevice = new("PRIV3005", Severity.Error, "Unknown device in topology");
        public static readonly DiagnosticDescriptor TopologyDuplicatePort = new("PRIV3006", Severity.Error, "Port used twice on a device");
        public static readonly DiagnosticDescriptor TopologyNegative = new("PRIV3007", Severity.Error, "Negative or zero latency, bandwidth or capacity");
        public static readonly DiagnosticDescriptor TopologyUnknownField = new("PRIV3008", Severity.Error, "Unknown topology field");
        public static readonly DiagnosticDescriptor TopologyScaleValue = new("PRIV3009", Severity.Error, "Label value outside its declared scale");
        public static readonly DiagnosticDescriptor TopologySelfLoop = new("PRIV3010", Severity.Error, "Link from a device to itself");
        public static readonly DiagnosticDescriptor TopologyBadAddress = new("PRIV3011", Severity.Error, "Invalid IPv4 address");
        public static readonly DiagnosticDescriptor TopologySelfAssignableLabel = new("PRIV3012", Severity.Warning, "Privacy fact taken from a label kubelets may set themselves");
        public static readonly DiagnosticDescriptor TopologyEmpty = new("PRIV3013", Severity.Error, "Topology has no compute nodes");
        public static readonly DiagnosticDescriptor TopologyDisconnected = new("PRIV3014", Severity.Warning, "Topology is not connected");
    }

    /// <summary>Every descriptor, in code order; used by documentation and by the tests that keep codes unique.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = typeof(Codes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Code, StringComparer.Ordinal)
        .ToArray();

    private static Diagnostic At(DiagnosticDescriptor descriptor, SourceLocation location, string message) =>
        new(descriptor.Code, descriptor.Severity, message, location, null);

    private static Diagnostic AtFile(DiagnosticDescriptor descriptor, string? path, string message) =>
        new(descriptor.Code, descriptor.Severity, message, null, path);

    private static string Suggest(string? suggestion) => suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?";

    private static string List(IEnumerable<string> items) => string.Join(", ", items.Select(i => $"'{i}'"));

    private static string Num(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
