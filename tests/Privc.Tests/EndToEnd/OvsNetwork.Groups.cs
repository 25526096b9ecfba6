using System.Globalization;

namespace Privc.Tests.EndToEnd;

/// <summary>OpenFlow 1.3 parts of the lab: groups (fast-failover needs 1.1 or later), rules that use them, and taking a port down.</summary>
public sealed partial class OvsNetwork
{
    /// <summary>Adds a group (ovs-ofctl group syntax, OpenFlow 1.3) to a device's bridge.</summary>
    public void AddGroup(string device, string group) => Run("ovs-ofctl", "-O", "OpenFlow13", "add-group", Management(device), group);

    /// <summary>As <see cref="AddFlow"/>, over OpenFlow 1.3 (a rule whose action is a group).</summary>
    public ulong AddFlow13(string device, string flow)
    {
        var cookie = nextCookie++;
        Run("ovs-ofctl", "-O", "OpenFlow13", "add-flow", Management(device), $"cookie=0x{cookie:x},{flow}");
        return cookie;
    }

    /// <summary>The groups of a device's bridge with their bucket counters, as ovs-ofctl dump-group-stats prints them.</summary>
    public string GroupStats(string device) => Run("ovs-ofctl", "-O", "OpenFlow13", "dump-group-stats", Management(device));

    /// <summary>
    /// Cuts a link: both patch ports of its pair are deleted, as a cut fibre takes both ends down. (Taking a patch port
    /// down with <c>ovs-ofctl mod-port ... down</c> is not enough: checked on OVS 3.1, a fast-failover group kept
    /// sending out of it, because a patch port's liveness does not follow its configuration.)
    /// </summary>
    public void CutLink(string deviceA, int portA, string deviceB, int portB) =>
        Vsctl("del-port", Bridge(deviceA), $"{Bridge(deviceA)}-{portA.ToString(CultureInfo.InvariantCulture)}", "--", "del-port", Bridge(deviceB), $"{Bridge(deviceB)}-{portB.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Empties a node's neighbour (ARP) cache, as if every entry had expired: the next packet must resolve again.</summary>
    public void FlushNeighbours(string nodeName) => Run("ip", "-n", namespaces[nodeName], "neigh", "flush", "all");

    /// <summary>Deletes every ARP rule (any rule whose match is at least ETH_TYPE 0x0806) on a device's bridge.</summary>
    public void DeleteArpFlows(string device) => Run("ovs-ofctl", "-O", "OpenFlow13", "del-flows", Management(device), "arp");
}
