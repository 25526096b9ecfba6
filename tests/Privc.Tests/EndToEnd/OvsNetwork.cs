using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Privc.Topology;

namespace Privc.Tests.EndToEnd;

/// <summary>The packet counter of one OpenFlow rule: the cookie the lab gave it when adding it, and its match and actions as OVS prints them.</summary>
public sealed record OvsFlowCounter(ulong Cookie, long Packets, string Rule);

/// <summary>The packets a switch port received and sent.</summary>
public readonly record struct OvsPortCounter(long Received, long Sent);

/// <summary>What one ping run saw.</summary>
public readonly record struct PingResult(int Transmitted, int Received, string Output);

/// <summary>
/// Test infrastructure: a topology built for real in user-space Open vSwitch. Every device is a bridge
/// (<c>datapath_type=netdev</c>, <c>fail-mode=secure</c>, so it forwards only what its OpenFlow rules say, its
/// datapath id taken from the device's <c>of:</c> id), every link a pair of OVS patch ports between the two
/// bridges with the topology's port numbers as <c>ofport_request</c>, and every compute node a network namespace
/// holding one end of a veth pair whose other end is on its device's bridge at the node's attachment port, with
/// the node's address and static ARP entries for every other node (privc's rules carry IPv4 only).
/// <para>
/// Nothing global is touched: <c>ovsdb-server</c> and <c>ovs-vswitchd --disable-system</c> run as child processes
/// on a private database and run directory under /tmp, and every kernel name (bridge tap devices, veths,
/// namespaces) carries a random suffix of this run. <see cref="Dispose"/> deletes the bridges, namespaces and
/// veths, stops both daemons by their process and removes the run directory. Needs root, the OVS binaries,
/// <c>ip</c> and <c>ping</c> (<see cref="MissingPrerequisite"/>).
/// </para>
/// </summary>
public sealed partial class OvsNetwork : IDisposable
{
    /// <summary>The xunit collection of the tests that start a lab: one lab at a time, on a machine with few cores.</summary>
    public const string Collection = "Open vSwitch lab";

    private const string Schema = "/usr/share/openvswitch/vswitch.ovsschema";

    private static readonly string[] Tools = ["ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-ofctl", "ip", "ping"];

    private readonly TopologyModel topology;
    private readonly Action<string> log;
    private readonly string suffix;
    private readonly Dictionary<string, string> bridges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> namespaces = new(StringComparer.Ordinal);
    private readonly List<string> veths = [];
    private readonly List<Process> daemons = [];
    private ulong nextCookie = 1;

    private OvsNetwork(TopologyModel topology, Action<string> log)
    {
        this.topology = topology;
        this.log = log;
        suffix = Guid.NewGuid().ToString("N")[..6];
        RunDirectory = Directory.CreateTempSubdirectory("privc-ovs-").FullName;
    }

    /// <summary>The private OVS run directory: database, sockets (<c>&lt;bridge&gt;.mgmt</c>), logs.</summary>
    public string RunDirectory { get; }

    /// <summary>Why the lab cannot run here (not root, a tool or the OVS schema missing), or null when it can.</summary>
    public static string? MissingPrerequisite()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the Open vSwitch lab needs Linux network namespaces";
        }
        if (!Environment.IsPrivilegedProcess)
        {
            return "the Open vSwitch lab needs root (network namespaces, veth pairs, tap devices); CI runs as root";
        }
        var missing = Tools.Where(t => FindOnPath(t) is null).ToList();
        if (!File.Exists(Schema))
        {
            missing.Add(Schema);
        }
        return missing.Count == 0
            ? null
            : $"missing {string.Join(", ", missing)}; install openvswitch-switch, iproute2 and iputils-ping (.ci/setup does this as root)";
    }

    /// <summary>Starts private OVS daemons and builds the topology; disposes what it built if any step fails.</summary>
    public static OvsNetwork Start(TopologyModel topology, Action<string> log)
    {
        var network = new OvsNetwork(topology, log);
        try
        {
            network.Build();
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private string DbSocket => Path.Combine(RunDirectory, "db.sock");

    private string Management(string device) => "unix:" + Path.Combine(RunDirectory, Bridge(device) + ".mgmt");

    /// <summary>The bridge of a device (by name).</summary>
    public string Bridge(string device) => bridges.TryGetValue(device, out var bridge) ? bridge : throw new ArgumentException($"no bridge for device '{device}'", nameof(device));

    private void Build()
    {
        var database = Path.Combine(RunDirectory, "conf.db");
        Run("ovsdb-tool", "create", database, Schema);
        daemons.Add(Daemon("ovsdb-server", database, "--remote=punix:" + DbSocket, "--unixctl=" + Path.Combine(RunDirectory, "ovsdb-server.ctl"),
            "--log-file=" + Path.Combine(RunDirectory, "ovsdb-server.log"), "-vconsole:off"));
        WaitFor(DbSocket);
        Vsctl("--no-wait", "init");
        // veths leave TCP checksums to the device (checksum offload); the userspace datapath fills them in only with
        // its offload support on, else TCP segments arrive with bad checksums and are dropped (ICMP is unaffected).
        Vsctl("--no-wait", "set", "Open_vSwitch", ".", "other_config:userspace-tso-enable=true");
        daemons.Add(Daemon("ovs-vswitchd", "unix:" + DbSocket, "--disable-system", "--unixctl=" + Path.Combine(RunDirectory, "ovs-vswitchd.ctl"),
            "--log-file=" + Path.Combine(RunDirectory, "ovs-vswitchd.log"), "-vconsole:off"));

        for (var i = 0; i < topology.Devices.Length; i++)
        {
            var device = topology.Devices[i];
            var bridge = $"pv{suffix}b{i}";
            var settings = new List<string> { "--", "set", "bridge", bridge, "datapath_type=netdev", "fail-mode=secure" };
            if (DatapathId(device.Id) is { } dpid)
            {
                settings.Add($"other-config:datapath-id={dpid}");
            }
            Vsctl(["add-br", bridge, .. settings]);
            bridges.Add(device.Name, bridge);
        }

        foreach (var link in topology.Links)
        {
            var a = $"{Bridge(link.DeviceA)}-{link.PortA}";
            var b = $"{Bridge(link.DeviceB)}-{link.PortB}";
            Vsctl("add-port", Bridge(link.DeviceA), a, "--", "set", "interface", a, "type=patch", $"options:peer={b}", $"ofport_request={link.PortA}",
                "--", "add-port", Bridge(link.DeviceB), b, "--", "set", "interface", b, "type=patch", $"options:peer={a}", $"ofport_request={link.PortB}");
        }

        for (var i = 0; i < topology.Nodes.Length; i++)
        {
            var node = topology.Nodes[i];
            var ns = $"pv{suffix}-{node.Name}";
            var outside = $"pv{suffix}n{i}";
            var inside = $"pv{suffix}m{i}";
            Run("ip", "netns", "add", ns);
            namespaces.Add(node.Name, ns);
            Run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
            veths.Add(outside);
            Run("ip", "link", "set", inside, "netns", ns);
            Run("ip", "-n", ns, "link", "set", inside, "address", Mac(i));
            // A node with a pod CIDR stands in for one of its pods: an address inside the CIDR, and every other node's
            // pods on the link (a routed CNI's next hop); without one, the node's address in a shared /24. Neighbours
            // are found by ARP, which only privc's ARP rules carry through the fail-secure bridges.
            var prefix = node.PodCidr is { } cidr ? cidr.Length : 24;
            Run("ip", "-n", ns, "addr", "add", $"{Address(node.Name)}/{prefix}", "dev", inside);
            Run("ip", "-n", ns, "link", "set", "lo", "up");
            Run("ip", "-n", ns, "link", "set", inside, "up");
            Run("ip", "link", "set", outside, "up");
            Vsctl("add-port", Bridge(node.Device), outside, "--", "set", "interface", outside, $"ofport_request={node.Port}");
            foreach (var other in topology.Nodes.Where(n => n.Name != node.Name && n.PodCidr is not null))
            {
                if (other.PodCidr is { } route && !(node.PodCidr is { } own && own.Overlaps(route)))
                {
                    Run("ip", "-n", ns, "route", "add", route.ToString(), "dev", inside, "scope", "link");
                }
            }
        }

        // ofport_request is a request: check every port got its number, or the rules would point elsewhere.
        foreach (var link in topology.Links)
        {
            ExpectPort($"{Bridge(link.DeviceA)}-{link.PortA}", link.PortA);
            ExpectPort($"{Bridge(link.DeviceB)}-{link.PortB}", link.PortB);
        }
        for (var i = 0; i < topology.Nodes.Length; i++)
        {
            ExpectPort($"pv{suffix}n{i}", topology.Nodes[i].Port);
        }
        log($"OVS lab up in {RunDirectory}: {string.Join(", ", bridges.Select(b => $"{b.Key}={b.Value}"))}");
    }

    private void ExpectPort(string iface, int port)
    {
        // Under load ovs-vswitchd may not have numbered the port yet ("[]"): give it a few seconds.
        var actual = Vsctl("get", "interface", iface, "ofport").Trim();
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); actual == "[]" && wait.Elapsed < TimeSpan.FromSeconds(10);)
        {
            Thread.Sleep(100);
            actual = Vsctl("get", "interface", iface, "ofport").Trim();
        }
        if (actual != port.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"interface {iface} got OpenFlow port {actual}, not the requested {port}");
        }
    }

    /// <summary>The address a node's namespace uses: the tenth address of its pod CIDR (a pod's), else the node's own.</summary>
    public string Address(string nodeName)
    {
        var node = topology.FindNode(nodeName) ?? throw new ArgumentException($"no node '{nodeName}'", nameof(nodeName));
        return node.PodCidr is { } cidr ? Ipv4Prefix.Format(cidr.Address + 10) : node.Ip;
    }

    /// <summary>Adds a further address of the node's pod CIDR (another pod) to its namespace; returns it.</summary>
    public string AddPodAddress(string nodeName, uint offset)
    {
        var node = topology.FindNode(nodeName) ?? throw new ArgumentException($"no node '{nodeName}'", nameof(nodeName));
        var cidr = node.PodCidr ?? throw new ArgumentException($"node '{nodeName}' has no pod CIDR", nameof(nodeName));
        var address = Ipv4Prefix.Format(cidr.Address + offset);
        Run("ip", "-n", namespaces[nodeName], "addr", "add", $"{address}/{cidr.Length}", "dev", Inside(nodeName));
        return address;
    }

    /// <summary>
    /// Pings once a second until the first reply, for at most <paramref name="attempts"/> tries; returns the tries
    /// it took, or 0. ARP is dynamic: the ping without rules leaves a failed neighbour entry and a cached drop in
    /// ovs-vswitchd's datapath, and on a loaded machine the switch may take a moment to revalidate it after the
    /// rules arrive, so the first ARP probes can still be dropped.
    /// </summary>
    public int WaitUntilReachable(string sourceNode, string targetNode, int attempts = 10)
    {
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (Ping(sourceNode, targetNode, count: 1).Received == 1)
            {
                return attempt;
            }
        }
        return 0;
    }

    /// <summary>One TCP exchange from a node's namespace to a server on the target node's address and port; the server's answer, or what failed.</summary>
    public string Tcp(string sourceNode, string targetNode, int port)
    {
        var answer = NetnsTcp.Exchange(namespaces[targetNode], namespaces[sourceNode], Address(targetNode), port, $"hello from {sourceNode}", TimeSpan.FromSeconds(5));
        log($"tcp {sourceNode} -> {targetNode} ({Address(targetNode)}:{port}): {answer}");
        return answer;
    }

    /// <summary>The neighbour (ARP) entries of a node's namespace, as <c>ip neigh</c> prints them.</summary>
    public string Neighbours(string nodeName) => Run("ip", "-n", namespaces[nodeName], "neigh", "show");

    private string Inside(string nodeName) => $"pv{suffix}m{topology.Nodes.IndexOf(topology.FindNode(nodeName)!)}";

    /// <summary>Adds one rule (ovs-ofctl flow syntax without cookie) to a device's bridge; returns the cookie it is tagged with.</summary>
    public ulong AddFlow(string device, string flow)
    {
        var cookie = nextCookie++;
        Run("ovs-ofctl", "add-flow", Management(device), $"cookie=0x{cookie:x},{flow}");
        return cookie;
    }

    /// <summary>Deletes every rule on a device's bridge.</summary>
    public void DeleteFlows(string device) => Run("ovs-ofctl", "del-flows", Management(device));

    /// <summary>The rules on a device's bridge with their packet counters.</summary>
    public IReadOnlyList<OvsFlowCounter> Flows(string device)
    {
        var counters = new List<OvsFlowCounter>();
        foreach (var line in Run("ovs-ofctl", "dump-flows", Management(device)).Split('\n'))
        {
            var match = FlowLine().Match(line);
            if (match.Success)
            {
                counters.Add(new OvsFlowCounter(
                    ulong.Parse(match.Groups["cookie"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    long.Parse(match.Groups["packets"].Value, CultureInfo.InvariantCulture),
                    line.Trim()));
            }
        }
        return counters;
    }

    /// <summary>The packet counters of a device's ports, by OpenFlow port number (LOCAL, the bridge's own port, left out).</summary>
    public IReadOnlyDictionary<int, OvsPortCounter> Ports(string device)
    {
        var ports = new SortedDictionary<int, OvsPortCounter>();
        var text = Run("ovs-ofctl", "dump-ports", Management(device));
        foreach (Match match in PortLines().Matches(text))
        {
            ports[int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture)] = new OvsPortCounter(
                long.Parse(match.Groups["rx"].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups["tx"].Value, CultureInfo.InvariantCulture));
        }
        return ports;
    }

    /// <summary>Pings the target node's address from inside the source node's namespace, with the IPv4 TOS byte given (DSCP times 4).</summary>
    public PingResult Ping(string sourceNode, string targetNode, int count = 3, int tos = 0, string? from = null)
    {
        var target = topology.FindNode(targetNode) ?? throw new ArgumentException($"no node '{targetNode}'", nameof(targetNode));
        var targetAddress = Address(targetNode);
        string[] source = from is null ? [] : ["-I", from];
        var (exit, output) = Execute("ip", ["netns", "exec", namespaces[sourceNode], "ping", "-n", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", "0.2", "-W", "1", "-Q", tos.ToString(CultureInfo.InvariantCulture), .. source, targetAddress]);
        var summary = PingSummary().Match(output);
        if (!summary.Success)
        {
            throw new InvalidOperationException($"ping {sourceNode} -> {targetNode} gave no summary (exit {exit}):\n{output}");
        }
        var result = new PingResult(int.Parse(summary.Groups["tx"].Value, CultureInfo.InvariantCulture), int.Parse(summary.Groups["rx"].Value, CultureInfo.InvariantCulture), output);
        log($"ping {sourceNode}{(from is null ? string.Empty : $" ({from})")} -> {targetNode} ({targetAddress}): {result.Received}/{result.Transmitted} replies");
        return result;
    }

    public void Dispose()
    {
        var problems = new List<string>();
        void Try(Action action)
        {
            try
            {
                action();
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                problems.Add(e.Message);
            }
        }
        // Bridges first, while ovs-vswitchd runs: it removes their tap devices (they outlive a killed daemon).
        // (Without a running ovs-vswitchd, ovs-vsctl would wait for it in vain: only edit the database then.)
        var switchRuns = daemons.Count == 2 && !daemons[1].HasExited;
        foreach (var bridge in bridges.Values)
        {
            Try(() => Vsctl(switchRuns ? ["--if-exists", "del-br", bridge] : ["--no-wait", "--if-exists", "del-br", bridge]));
        }
        foreach (var ns in namespaces.Values)
        {
            Try(() => Run("ip", "netns", "delete", ns));
        }
        foreach (var veth in veths)
        {
            // Deleting the namespace deletes its end and with it the pair; delete the outer end only if it is still there.
            if (Directory.Exists($"/sys/class/net/{veth}"))
            {
                Try(() => Run("ip", "link", "delete", veth));
            }
        }
        foreach (var daemon in Enumerable.Reverse(daemons))
        {
            Try(() =>
            {
                if (!daemon.HasExited)
                {
                    daemon.Kill();
                    daemon.WaitForExit(5000);
                }
                daemon.Dispose();
            });
        }
        foreach (var bridge in bridges.Values)
        {
            if (Directory.Exists($"/sys/class/net/{bridge}"))
            {
                Try(() => Run("ip", "link", "delete", bridge));
            }
        }
        Try(() => Directory.Delete(RunDirectory, recursive: true));
        if (problems.Count > 0)
        {
            log("OVS lab cleanup problems:\n" + string.Join("\n", problems));
        }
    }

    private static string Mac(int node) =>
        node < 255 ? $"02:70:76:00:00:{node + 1:x2}" : throw new InvalidOperationException("the lab gives MAC addresses to at most 255 nodes");

    /// <summary>The 16 hex digits of an <c>of:</c> device id, or null if it is not one.</summary>
    private static string? DatapathId(string id) =>
        id.StartsWith("of:", StringComparison.Ordinal) && id.Length == 19 && id[3..].All(Uri.IsHexDigit) ? id[3..].ToLowerInvariant() : null;

    private string Vsctl(params string[] args) => Run("ovs-vsctl", ["--db=unix:" + DbSocket, "--timeout=20", .. args]);

    private string Run(string program, params string[] args)
    {
        var (exit, output) = Execute(program, args);
        if (exit != 0)
        {
            throw new InvalidOperationException($"'{program} {string.Join(" ", args)}' failed with exit code {exit}:\n{output}");
        }
        return output;
    }

    private (int Exit, string Output) Execute(string program, string[] args)
    {
        var info = Info(program, args);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new InvalidOperationException($"'{program} {string.Join(" ", args)}' did not finish in 30 s");
        }
        return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
    }

    /// <summary>A daemon in the foreground as a child process (stopped by its process in <see cref="Dispose"/>).</summary>
    private Process Daemon(string program, params string[] args)
    {
        var info = Info(program, args);
        info.RedirectStandardOutput = false;
        info.RedirectStandardError = false;
        info.RedirectStandardInput = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        log($"started {program} (pid {process.Id})");
        return process;
    }

    private ProcessStartInfo Info(string program, string[] args)
    {
        var info = new ProcessStartInfo(FindOnPath(program) ?? program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // OVS puts its control sockets, bridge management sockets, pid files and logs here instead of /var/run/openvswitch.
        info.Environment["OVS_RUNDIR"] = RunDirectory;
        info.Environment["OVS_LOGDIR"] = RunDirectory;
        info.Environment["OVS_DBDIR"] = RunDirectory;
        return info;
    }

    private void WaitFor(string path)
    {
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10) || daemons.Any(d => d.HasExited))
            {
                throw new InvalidOperationException($"{path} did not appear (see the logs in {RunDirectory})");
            }
            Thread.Sleep(20);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex(@"cookie=0x(?<cookie>[0-9a-f]+),.*\bn_packets=(?<packets>\d+),")]
    private static partial Regex FlowLine();

    [GeneratedRegex(@"port\s+(?<port>\d+):\s+rx pkts=(?<rx>\d+),[^\n]*\n\s+tx pkts=(?<tx>\d+),")]
    private static partial Regex PortLines();

    [GeneratedRegex(@"(?<tx>\d+) packets transmitted, (?<rx>\d+) received")]
    private static partial Regex PingSummary();
}
