namespace Privc.Certification;

public static partial class RouteFactReplay
{
    /// <summary>What a no-backup-route fact claims to have removed: a device by name, or both directions of one cable.</summary>
    private sealed record BackupClaim(int Without, string? FailedDevice, int[]? FailedLinks);

    /// <summary>
    /// A no-backup-route fact (specs/encoding.md section 19): the recorded reduced class must be the fact's class with
    /// exactly the failed element removed (a device other than the two ends, with every link touching it, or both
    /// directions of one cable), and no compliant route may exist in it between the two devices. Then every compliant
    /// route passes the element, and none survives its failure.
    /// </summary>
    private static (bool? Holds, string Where) NoBackup(Network network, Dictionary<int, ClassCondition> classes, ClassCondition condition,
        Dictionary<string, int> deviceIndex, string flow, string[] from, string[] to, BackupClaim? claim, int workLimit)
    {
        if (claim is null || from.Length != 1 || to.Length != 1 || !deviceIndex.TryGetValue(from[0], out var a) || !deviceIndex.TryGetValue(to[0], out var b) || a == b)
        {
            return (false, $"flow '{flow}': a no-backup-route fact does not name two distinct devices and a failed element");
        }
        if (!classes.TryGetValue(claim.Without, out var reduced))
        {
            return (false, $"flow '{flow}': a no-backup-route fact names class {claim.Without}, which is not recorded");
        }
        var devices = (bool[])condition.Devices.Clone();
        var links = (bool[])condition.Links.Clone();
        string element;
        if (claim.FailedDevice is { } name && claim.FailedLinks is null && deviceIndex.TryGetValue(name, out var device) && device != a && device != b)
        {
            devices[device] = false;
            for (var l = 0; l < network.From.Length; l++)
            {
                links[l] &= network.From[l] != device && network.To[l] != device;
            }
            element = $"device {name}";
        }
        else if (claim.FailedDevice is null && claim.FailedLinks is [var x, var y] && x >= 0 && y >= 0 && x < links.Length && y < links.Length && x != y
            && network.From[x] == network.To[y] && network.To[x] == network.From[y])
        {
            links[x] = false;
            links[y] = false;
            element = $"the cable of links {x} and {y}";
        }
        else
        {
            return (false, $"flow '{flow}': the failed element of a no-backup-route fact is not an inner device or one cable");
        }
        if (!devices.SequenceEqual(reduced.Devices) || !links.SequenceEqual(reduced.Links) || reduced.MaxLatency != condition.MaxLatency
            || reduced.MaxHops != condition.MaxHops || reduced.Chains.Length != condition.Chains.Length
            || !reduced.Chains.Zip(condition.Chains).All(p => p.First.Length == p.Second.Length && p.First.Zip(p.Second).All(w => w.First.SequenceEqual(w.Second))))
        {
            return (false, $"flow '{flow}': class {claim.Without} is not the fact's class without {element}");
        }
        var answer = NoRoute(network, reduced, a, b, workLimit);
        return answer switch
        {
            true => (true, $"flow '{flow}': no compliant route from {from[0]} to {to[0]} avoids {element}"),
            false => (false, $"flow '{flow}': a compliant route from {from[0]} to {to[0]} avoids {element}, yet the certificate says none does"),
            _ => (null, $"flow '{flow}': the search from {from[0]} to {to[0]} without {element} reached its limit"),
        };
    }
}
