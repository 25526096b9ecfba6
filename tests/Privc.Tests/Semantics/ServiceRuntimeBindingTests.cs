using Privc.Semantics;
using Privc.Tests.Infrastructure;
using static Privc.Tests.Infrastructure.DiagnosticAssert;

namespace Privc.Tests.Semantics;

/// <summary>
/// The properties that say how a service's container runs (probes, environment, service account, command, volumes,
/// a writable root): what they bind to, and a located diagnostic for each malformed one.
/// </summary>
public class ServiceRuntimeBindingTests
{
    private const string P = FrontEndTestPrelude.Declarations;

    private static ServiceRuntime Runtime(string properties)
    {
        var compilation = TestSources.Compile(P + "service web { image \"r/web:1\"; ports 8080; " + properties + " }", TestSources.ExampleTopology("hospital-au"));
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
        return compilation.Program!.Service("web").Runtime;
    }

    [Fact]
    public void Bind_EveryRuntimeProperty_GivesTheRuntime()
    {
        var runtime = Runtime("""
            readiness http "/ready" port 8080; liveness tcp port 8080;
            env B "2", A secret "web-db" "pass.word"; env C "3";
            serviceaccount web-runner; command "/bin/web"; args "-v", "--port", "8080";
            volume tmp emptydir at "/tmp", conf configmap "web-conf" at "/etc/web"; volume creds secret web-db at "/etc/creds";
            filesystem writable;
            """);
        Assert.Equal(new ServiceProbe(ProbeKind.Http, "/ready", 8080), runtime.Readiness);
        Assert.Equal(new ServiceProbe(ProbeKind.Tcp, null, 8080), runtime.Liveness);
        Assert.Equal(["B", "A", "C"], runtime.Environment.Select(v => v.Name).ToArray());
        Assert.Equal(new EnvironmentVariable("A", null, "web-db", "pass.word"), runtime.Environment[1]);
        Assert.Equal("web-runner", runtime.ServiceAccount);
        Assert.Equal(["/bin/web"], runtime.Command.ToArray());
        Assert.Equal(["-v", "--port", "8080"], runtime.Args.ToArray());
        Assert.Equal(
            [new ServiceVolume("tmp", VolumeKind.EmptyDir, null, "/tmp"), new ServiceVolume("conf", VolumeKind.ConfigMap, "web-conf", "/etc/web"), new ServiceVolume("creds", VolumeKind.Secret, "web-db", "/etc/creds")],
            runtime.Volumes.ToArray());
        Assert.True(runtime.WritableRoot);
    }

    [Fact]
    public void Bind_Probe_SetsReadinessAndLiveness_AndNothingDeclaredIsNone()
    {
        var runtime = Runtime("probe http \"/healthz\" port 8080;");
        Assert.Equal(runtime.Readiness, runtime.Liveness);
        var none = Runtime(string.Empty);
        Assert.Equal((null, null, null, false), (none.Readiness, none.Liveness, none.ServiceAccount, none.WritableRoot));
        Assert.True(none.Environment.IsEmpty && none.Command.IsEmpty && none.Args.IsEmpty && none.Volumes.IsEmpty);
        Assert.False(Runtime("filesystem readonly;").WritableRoot);
    }

    [Theory]
    [CoversDiagnostic("PRIV2034")]
    [InlineData("service w { image \"x\"; probe [grpc] port 80; }")]
    [InlineData("service w { image \"x\"; [probe] http port 80; }")]
    [InlineData("service w { image \"x\"; probe http [\"healthz\"] port 80; }")]
    [InlineData("service w { image \"x\"; [probe] tcp 80; }")]
    [InlineData("service w { image \"x\"; probe tcp port 80; [readiness] tcp port 81; }")]
    public void Bind_MalformedProbe_IsRejected(string item) => Reports(P + item, "PRIV2034");

    [Fact]
    public void Bind_ProbePortOutOfRange_IsAnOutOfRangeValue() =>
        Reports(P + "service w { image \"x\"; probe tcp port [70000]; }", "PRIV2013");

    [Theory]
    [CoversDiagnostic("PRIV2035")]
    [InlineData("service w { image \"x\"; env [\"9LIVES\"] \"x\"; }")]
    [InlineData("service w { image \"x\"; env [log-level] \"x\"; }")]
    [InlineData("service w { image \"x\"; env A \"x\"; env [A] \"y\"; }")]
    [InlineData("service w { image \"x\"; env A [8080]; }")]
    [InlineData("service w { image \"x\"; env A secret db [\"a/b\"]; }")]
    public void Bind_MalformedEnvironment_IsRejected(string item) => Reports(P + item, "PRIV2035");

    [Theory]
    [CoversDiagnostic("PRIV2036")]
    [InlineData("service w { image \"x\"; volume v [hostpath] at \"/etc\"; }")]
    [InlineData("service w { image \"x\"; volume v emptydir at [\"tmp\"]; }")]
    [InlineData("service w { image \"x\"; volume v emptydir at \"/tmp\", [v] emptydir at \"/var\"; }")]
    [InlineData("service w { image \"x\"; volume v emptydir at \"/tmp\"; volume [w] secret s at \"/tmp\"; }")]
    [InlineData("service w { image \"x\"; volume v [secret] at \"/s\"; }")]
    public void Bind_MalformedVolume_IsRejected(string item) => Reports(P + item, "PRIV2036");

    [Theory]
    [InlineData("service w { image \"x\"; serviceaccount [Runner_1]; }")]
    [InlineData("service w { image \"x\"; volume [Tmp] emptydir at \"/tmp\"; }")]
    [InlineData("service w { image \"x\"; env A secret [\"Db_Creds\"] \"k\"; }")]
    public void Bind_InvalidObjectNames_InRuntimeProperties_AreInvalidKubernetesNames(string item) => Reports(P + item, "PRIV2033");

    [Theory]
    [InlineData("service w { image \"x\"; filesystem [rw]; }")]
    [InlineData("service w { image \"x\"; command [bin]; }")]
    [InlineData("service w { image \"x\"; replicas 2 [3]; }")]
    public void Bind_WrongRuntimeValues_AreWrongValueKinds(string item) => Reports(P + item, "PRIV2010");
}
