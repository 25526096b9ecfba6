using Privc.Text;

namespace Privc.Diagnostics;

/// <summary>
/// 6xxx: importing an Internet Topology Zoo GraphML network (<c>privc topology import</c>). Errors mean nothing is
/// written; every warning and info names one data problem the importer handled and what it did about it
/// (specs/topology-import.md, "Gotchas").
/// </summary>
public static partial class DiagnosticCatalogue
{
    public static partial class Codes
    {
        public static readonly DiagnosticDescriptor GraphMlNotXml = new("PRIV6001", Severity.Error, "GraphML file is not well-formed XML");
        public static readonly DiagnosticDescriptor GraphMlInvalid = new("PRIV6002", Severity.Error, "File is not valid GraphML");
        public static readonly DiagnosticDescriptor ImportUnsupportedNetwork = new("PRIV6003", Severity.Error, "Network cannot be imported");
        public static readonly DiagnosticDescriptor ImportAttributesByName = new("PRIV6004", Severity.Info, "GraphML attributes resolved by name, not key id");
        public static readonly DiagnosticDescriptor ImportAmbiguousKey = new("PRIV6005", Severity.Warning, "Two GraphML keys share an attribute name");
        public static readonly DiagnosticDescriptor ImportBadValue = new("PRIV6006", Severity.Warning, "GraphML attribute value ignored");
        public static readonly DiagnosticDescriptor ImportNoCoordinates = new("PRIV6007", Severity.Warning, "Node has no coordinates; link latency estimated or bounded");
        public static readonly DiagnosticDescriptor ImportNoCountry = new("PRIV6008", Severity.Warning, "Node has no country; no jurisdiction labels");
        public static readonly DiagnosticDescriptor ImportUnknownCountry = new("PRIV6009", Severity.Warning, "Country name not recognised; no jurisdiction labels");
        public static readonly DiagnosticDescriptor ImportJunction = new("PRIV6010", Severity.Info, "Junction node imported as a device without compute nodes");
        public static readonly DiagnosticDescriptor ImportExternalPeers = new("PRIV6018", Severity.Info, "External PoPs imported as devices without compute nodes");
        public static readonly DiagnosticDescriptor ImportOverlayMismatch = new("PRIV6019", Severity.Error, "Import overlay names what the imported network does not have");
        public static readonly DiagnosticDescriptor ImportParallelEdge = new("PRIV6011", Severity.Info, "Parallel edge kept as a separate link");
        public static readonly DiagnosticDescriptor ImportSelfLoop = new("PRIV6012", Severity.Warning, "Self-loop edge dropped");
        public static readonly DiagnosticDescriptor ImportDisconnected = new("PRIV6013", Severity.Warning, "Imported network is not connected");
        public static readonly DiagnosticDescriptor ImportDefaultBandwidth = new("PRIV6014", Severity.Info, "Links without a speed use the default bandwidth");
        public static readonly DiagnosticDescriptor ImportNodeRenamed = new("PRIV6015", Severity.Info, "Node without a usable or unique label named by rule");
        public static readonly DiagnosticDescriptor ImportDirected = new("PRIV6016", Severity.Warning, "Directed GraphML edges imported as full-duplex links");
        public static readonly DiagnosticDescriptor ImportUnsupportedElement = new("PRIV6017", Severity.Warning, "GraphML construct not supported; ignored");
    }

    public static Diagnostic GraphMlNotXml(SourceLocation location, string problem) =>
        At(Codes.GraphMlNotXml, location, $"the file is not well-formed XML: {problem}");

    public static Diagnostic GraphMlInvalid(SourceLocation location, string problem) =>
        At(Codes.GraphMlInvalid, location, $"not a valid GraphML network: {problem}");

    public static Diagnostic ImportUnsupportedNetwork(SourceLocation location, string problem) =>
        At(Codes.ImportUnsupportedNetwork, location, $"the network cannot be imported: {problem}");

    public static Diagnostic ImportAttributesByName(SourceLocation location, string mapping) =>
        At(Codes.ImportAttributesByName, location, $"GraphML key ids differ between Topology Zoo files, so attributes are resolved by 'attr.name': {mapping}");

    public static Diagnostic ImportAmbiguousKey(SourceLocation location, string name, string domain, string firstId, string id) =>
        At(Codes.ImportAmbiguousKey, location, $"keys '{firstId}' and '{id}' both name the {domain} attribute '{name}'; the first declared ('{firstId}') wins");

    public static Diagnostic ImportBadValue(SourceLocation location, string what, string problem) =>
        At(Codes.ImportBadValue, location, $"{what} {problem}; it is ignored");

    public static Diagnostic ImportNoCoordinates(SourceLocation location, string node, string estimate) =>
        At(Codes.ImportNoCoordinates, location, $"{node} has no coordinates; {estimate}");

    public static Diagnostic ImportNoCountry(SourceLocation location, string node) =>
        At(Codes.ImportNoCountry, location,
            $"{node} has no Country, so neither its device nor its compute nodes get a 'country', 'jurisdiction' or 'eu' label; intents that test them never trust it (add the labels by hand if you know them)");

    public static Diagnostic ImportUnknownCountry(SourceLocation location, string node, string country, string? suggestion) =>
        At(Codes.ImportUnknownCountry, location,
            $"{node} has Country '{country}', which privc's country table does not know{Suggest(suggestion)}; it gets no 'country', 'jurisdiction' or 'eu' label") with { Fix = FixHint.Suggestion(suggestion) };

    public static Diagnostic ImportJunction(SourceLocation location, string node, string device) =>
        At(Codes.ImportJunction, location, $"{node} is a junction (hyperedge=1), not a point of presence: device '{device}' is kept for routing but gets no compute nodes");

    public static Diagnostic ImportExternalPeers(SourceLocation location, int count, string examples) =>
        At(Codes.ImportExternalPeers, location,
            $"{count} node(s) are external (Internal=0: peers, exchanges, other networks), {examples}: their devices are kept for routing with label internal: false, but get no compute nodes; pass --compute-on external to create them there too");

    public static Diagnostic ImportOverlayMismatch(SourceLocation location, string problem) =>
        At(Codes.ImportOverlayMismatch, location, $"{problem}; the overlay must name devices, sites, nodes and links of the imported topology (nothing was written)");

    public static Diagnostic ImportParallelEdge(SourceLocation location, string a, string b, int count) =>
        At(Codes.ImportParallelEdge, location, $"edge {count} between '{a}' and '{b}' is kept as a separate link on its own ports (parallel cables are distinct links)");

    public static Diagnostic ImportSelfLoop(SourceLocation location, string device) =>
        At(Codes.ImportSelfLoop, location, $"edge connects '{device}' to itself and is dropped (a route never uses it)");

    public static Diagnostic ImportDisconnected(SourceLocation location, int components, string example) =>
        At(Codes.ImportDisconnected, location, $"the network has {components} disconnected parts (for example '{example}' is cut off from the first node); flows between them cannot be routed");

    public static Diagnostic ImportDefaultBandwidth(SourceLocation location, int links, int total, string bandwidth) =>
        At(Codes.ImportDefaultBandwidth, location, $"{links} of {total} links have no LinkSpeedRaw and get the default bandwidth {bandwidth} (--default-bandwidth)");

    public static Diagnostic ImportNodeRenamed(SourceLocation location, string node, string name, string reason) =>
        At(Codes.ImportNodeRenamed, location, $"{node} {reason}, so its device is named '{name}'");

    public static Diagnostic ImportDirected(SourceLocation location, int edges) =>
        At(Codes.ImportDirected, location, $"{edges} edge(s) are directed; privc links are full-duplex, so each becomes a link usable both ways");

    public static Diagnostic ImportUnsupportedElement(SourceLocation location, string element, string reason) =>
        At(Codes.ImportUnsupportedElement, location, $"<{element}> is not supported ({reason}) and is ignored");
}
