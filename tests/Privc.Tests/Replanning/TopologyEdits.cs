namespace Privc.Tests.Replanning;

/// <summary>
/// Day-2 changes to a topology file, made on its text as an operator would edit it: a node taken out (its list
/// entry), a cable cut (its line under links). The files privc writes and the examples keep one link per line.
/// </summary>
public static class TopologyEdits
{
    public static string WithoutNode(string yaml, string node)
    {
        var lines = yaml.Split('\n').ToList();
        var start = lines.IndexOf($"  - name: {node}");
        Assert.True(start >= 0, $"node {node} is not in the topology");
        var end = start + 1;
        while (end < lines.Count && lines[end].StartsWith("    ", StringComparison.Ordinal))
        {
            end++;
        }
        lines.RemoveRange(start, end - start);
        return string.Join('\n', lines);
    }

    /// <summary>Removes the cable with an end at <paramref name="device"/> port <paramref name="port"/>.</summary>
    public static string WithoutLink(string yaml, string device, int port)
    {
        var lines = yaml.Split('\n').ToList();
        var end = $"{{device: {device}, port: {port}}}";
        var removed = lines.RemoveAll(l => l.TrimStart().StartsWith("- {a: ", StringComparison.Ordinal) && l.Contains(end, StringComparison.Ordinal));
        Assert.Equal(1, removed);
        return string.Join('\n', lines);
    }
}
