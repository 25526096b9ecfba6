using System.Net;
using System.Net.Sockets;
using Privc.Cli;

namespace Privc.Tests.Live;

/// <summary>The hospital-au example compiled once (real z3); each test deploys a fresh copy of the output folder.</summary>
public sealed class CompiledHospital
{
    public CompiledHospital()
    {
        var example = Path.Combine(TestPaths.Examples, "hospital-au");
        Folder = Path.Combine(CliRunner.TempFolder(), "out");
        Check = ["--intents", .. Directory.GetFiles(example, "*.priv").Order(StringComparer.Ordinal), "--topology", Path.Combine(example, "topology.yaml")];
        // The scripted drifts name nodes and routes of the plan without the short-route tie-breaker (which picks another
        // plan of equal cost, the anonymiser in Sydney): the live tests test watch and deploy, not the tie-breaker.
        var compile = CliRunner.Run(["compile", .. Directory.GetFiles(example, "*.priv").Order(StringComparer.Ordinal), "--topology", Path.Combine(example, "topology.yaml"), "--out", Folder, "--timeout", "120", "--route-preference", "none"]);
        if (compile.ExitCode != ExitCodes.Success)
        {
            throw new InvalidOperationException("compiling hospital-au failed: " + compile.Out + compile.Error);
        }
    }

    public string Folder { get; }

    /// <summary>The options deploy needs to run privc check on the folder: <c>--intents</c> with the example's files and <c>--topology</c>.</summary>
    public string[] Check { get; }

    /// <summary>A fresh copy of the compile output.</summary>
    public string Copy()
    {
        var target = Path.Combine(CliRunner.TempFolder(), "out");
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }
}

public static class LiveTestSupport
{
    /// <summary>Runs privc in-process with a scripted environment (no real KUBECONFIG, HOME or ONOS_* leaks in).</summary>
    public static CliRunner.Result Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, name => environment?.GetValueOrDefault(name) ?? (name == "PATH" ? Environment.GetEnvironmentVariable(name) : null));
        var exit = CliApplication.Run(args, context);
        return new CliRunner.Result(exit, output.ToString(), error.ToString());
    }

    public static CliRunner.Result Run(params string[] args) => Run(null, args);

    /// <summary>A 127.0.0.1 port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The value of privc.io/certificate in a compile output (read from its artifacts-check record).</summary>
    public static string Digest(string folder)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "certificate", "artifacts-check.json")));
        return json.RootElement.GetProperty("certificate").GetString()!;
    }
}

/// <summary>The requests of several fake servers in the order they arrived (what a deploy did first, across Kubernetes and ONOS).</summary>
public sealed class CallJournal
{
    private readonly Lock gate = new();
    private readonly List<string> entries = [];

    public void Add(string entry)
    {
        lock (gate)
        {
            entries.Add(entry);
        }
    }

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (gate)
            {
                return entries.ToList();
            }
        }
    }

    /// <summary>The position of the first entry starting with <paramref name="prefix"/>, or -1.</summary>
    public int First(string prefix) => Entries.ToList().FindIndex(e => e.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The position of the last entry starting with <paramref name="prefix"/>, or -1.</summary>
    public int Last(string prefix) => Entries.ToList().FindLastIndex(e => e.StartsWith(prefix, StringComparison.Ordinal));
}
