using Privc.Topology;

namespace Privc.Semantics;

/// <summary>
/// The fix for a key used where the elements in range lack it but other kinds of element have it
/// (<c>place triage on role == firewall</c>, where <c>role</c> labels devices): which construct ranges over the
/// elements that carry the key, written out with the user's own test.
/// </summary>
internal static class WrongElementHint
{
    /// <summary>
    /// Which kinds of element have the key and the fix, or null when no other kind of element has the key either
    /// (then a nearest-key suggestion is the help) or when the elements in range have it.
    /// </summary>
    /// <param name="wanted">What the construct ranges over (nodes, devices, links, or nodes and devices).</param>
    /// <param name="presentOn">The element kinds that carry the key.</param>
    /// <param name="test">The atomic test as written (<c>role == firewall</c>), or null after <c>by</c> and <c>across</c>.</param>
    public static (string Owners, string Fix)? For(ElementKind wanted, ElementKind presentOn, string? test)
    {
        var elsewhere = presentOn & ~wanted;
        if (elsewhere == ElementKind.None || (presentOn & wanted) != 0)
        {
            return null;
        }
        var owners = Kinds(elsewhere);
        if (test is null)
        {
            // `by` and `across` compare node attributes; a device's labels reach its nodes only through `device`.
            return (owners, (elsewhere & ElementKind.Device) != 0
                ? "'by' and 'across' compare nodes: use 'device' (the device a node is attached to) or a node label"
                : "'by' and 'across' compare nodes: use a node label");
        }
        var throughDevices = $"devices are constrained on routes: route FLOWS through devices where {test} (or avoid devices where {test})";
        var overLinks = $"links are constrained on routes: route FLOWS over links where {test} (or avoid links where {test})";
        var placement = $"nodes are chosen by placement: place SERVICES on {test}";
        return (owners, wanted switch
        {
            ElementKind.Node => (elsewhere & ElementKind.Device) != 0 ? throughDevices : overLinks,
            ElementKind.Device => (elsewhere & ElementKind.Link) != 0 ? overLinks : placement,
            ElementKind.Link => (elsewhere & ElementKind.Device) != 0 ? throughDevices : placement,
            // keep ... within ranges over nodes and devices; only a link key can be missing from both.
            _ => $"a keep constrains the links that carry the data with: keep DATA within ... over links where {test}",
        });
    }

    private static string Kinds(ElementKind kinds) => kinds switch
    {
        ElementKind.Node => "nodes",
        ElementKind.Device => "devices",
        ElementKind.Link => "links",
        ElementKind.Node | ElementKind.Device => "nodes and devices",
        ElementKind.Node | ElementKind.Link => "nodes and links",
        ElementKind.Device | ElementKind.Link => "devices and links",
        _ => "nodes, devices and links",
    };
}
