namespace Privc.Topology.Import;

/// <summary>
/// Names one device per GraphML node, in node order: the label as a privc name (<see cref="PrivcNames.Slug"/>),
/// made unique with <c>-2</c>, <c>-3</c>... on later nodes. Nodes without a usable label are named from their
/// GraphML id (<c>junction-144</c> for junctions, <c>pop-84</c> otherwise).
/// </summary>
internal static class DeviceNaming
{
    /// <summary>Assigns names; <paramref name="reasons"/> says why a name is not simply the label's slug.</summary>
    /// <returns>How many nodes got such a name.</returns>
    public static int Assign(IReadOnlyList<(string? Label, bool Junction, string Id)> nodes, out string[] names, out string?[] reasons)
    {
        names = new string[nodes.Count];
        reasons = new string?[nodes.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var (label, junction, id) = nodes[i];
            var idSlug = PrivcNames.Slug(id) is { Length: > 0 } s ? s : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var fallback = (junction ? "junction-" : "pop-") + idSlug;
            string baseName;
            string? reason = null;
            if (label is null)
            {
                baseName = fallback;
                reason = "has no label";
            }
            else
            {
                var slug = PrivcNames.Slug(label, int.MaxValue);
                if (slug.Length == 0)
                {
                    baseName = fallback;
                    reason = $"has the label '{label}', which has no letters or digits";
                }
                else if (char.IsAsciiDigit(slug[0]))
                {
                    baseName = "pop-" + slug;
                    reason = $"has the label '{label}', which starts with a digit";
                }
                else if (PrivcNames.Reserved.Contains(slug))
                {
                    baseName = slug + "-pop";
                    reason = $"has the label '{label}', a keyword of the intent language";
                }
                else
                {
                    baseName = slug;
                }
                if (baseName.Length > PrivcNames.MaxDeviceName)
                {
                    baseName = baseName[..PrivcNames.MaxDeviceName].TrimEnd('-');
                    reason ??= $"has a label longer than {PrivcNames.MaxDeviceName} characters as a name";
                }
            }
            var name = baseName;
            for (var n = 2; !taken.Add(name); n++)
            {
                name = $"{baseName}-{n}";
                reason ??= $"shares the name '{baseName}' with an earlier node";
            }
            names[i] = name;
            reasons[i] = reason;
        }
        return reasons.Count(r => r is not null);
    }
}
