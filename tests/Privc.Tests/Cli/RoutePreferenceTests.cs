using Privc.Cli;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Cli;

/// <summary>
/// The short-route tie-breaker through the CLI on the hospital example (specs/semantics.md section 6.1): on by default
/// and proven by both strategies, replayed by cvc5, and switched off by <c>--route-preference none</c>.
/// </summary>
public class RoutePreferenceTests
{
    private static readonly string Folder = Path.Combine(TestPaths.Examples, "hospital-au");

    private static CliRunner.Result Compile(string output, params string[] extra) =>
        CliRunner.Run(["compile", Path.Combine(Folder, "hospital.priv"), "--topology", Path.Combine(Folder, "topology.yaml"), "--out", output, "--timeout", "120", .. extra]);

    private static string[] ResearchRoutes(string stdout) =>
        stdout.Split('\n').SkipWhile(l => !l.StartsWith("  research_feed:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim()).ToArray();

    [Fact]
    public void Compile_HospitalByDefault_ResearchFeedTakesTheShortFirewallPathProven()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = Compile(output);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        // The plan sent the feed s2 -> s7 -> s3 -> s5 -> s6 -> s4 (106 ms, through Singapore) to cloud-syd-1.
        // Among the plans of cost 4, the fewest hops (14, proven) put the anonymiser on a Sydney edge node (both hang
        // off s1, whose only link leads to the firewall s3), and its feed to the Sydney cloud takes s1 -> s3 -> s4: two
        // links, the fewest any route from s1 to s4 can have, through the firewall research_via_firewall demands.
        var routes = ResearchRoutes(result.Out);
        Assert.Equal(2, routes.Length);
        Assert.Matches("^edge-syd-[12] => cloud-syd-1: s1 -> s3 -> s4, 3ms$", routes.Single(r => r.Contains("cloud-syd-1", StringComparison.Ordinal)));
        Assert.Matches("^edge-syd-[12] => cloud-sg-1: s1 -> s3 -> s5 -> s6, 49ms$", routes.Single(r => r.Contains("cloud-sg-1", StringComparison.Ordinal)));
        Assert.All(routes, r => Assert.DoesNotContain("s6 -> s4", r, StringComparison.Ordinal));
        Assert.Contains("  cheap: cost = 4 (optimal, proven)", result.Out, StringComparison.Ordinal);
        Assert.Contains("  short-routes-hops: hops = 14 (optimal, proven)", result.Out, StringComparison.Ordinal);
        Assert.Contains("  short-routes-latency: latency = 85ms (optimal, proven)", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "certificate", "obligations", "03-bound-short-routes-hops.smt2")));

        var replay = CliRunner.Run("certify", output, "--solver", "cvc5");
        Assert.True(replay.ExitCode == ExitCodes.Success, replay.Out + replay.Error);
        Assert.Contains("03-bound-short-routes-hops.smt2: agree", replay.Out, StringComparison.Ordinal);
        Assert.Contains("04-bound-short-routes-latency.smt2: agree", replay.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_HospitalMonolithic_SameTieBrokenOptimumAsDecomposed()
    {
        var result = Compile(Path.Combine(CliRunner.TempFolder(), "out"), "--strategy", "monolithic");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        Assert.Contains("  short-routes-hops: hops = 14 (optimal, proven)", result.Out, StringComparison.Ordinal);
        Assert.Contains("  short-routes-latency: latency = 85ms (optimal, proven)", result.Out, StringComparison.Ordinal);
        Assert.All(ResearchRoutes(result.Out), r => Assert.Contains(" s3 ", r, StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_RoutePreferenceNone_CompliantPlanWithoutTieBreaker()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = Compile(output, "--route-preference", "none");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        Assert.Contains("independent checker: compliant", result.Out, StringComparison.Ordinal);
        Assert.Contains("  cheap: cost = 4 (optimal, proven)", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("short-routes", result.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "certificate", "obligations", "03-bound-short-routes-hops.smt2")));
    }

    [Fact]
    public void Compile_TieBreakerOverThePairLimit_UserOptimumStandsAndTheTieBreakerIsReportedUnproven()
    {
        // The staging of specs/encoding.md section 15.2: the tie-breaker is not attempted above the pair limit; the
        // plan is the one --route-preference none proves, and the two levels say why they are not proven.
        var options = Privc.Compiler.CompileOptions.WithTimeout(TimeSpan.FromSeconds(120)) with { TieBreakerPairLimit = 10 };
        var compiled = new Privc.Compiler.Compiler(TestSolvers.Z3, options).Compile([Path.Combine(Folder, "hospital.priv")], Path.Combine(Folder, "topology.yaml"));
        var result = Assert.IsType<Privc.Compiler.CompileResult.Proven>(compiled);

        var objectives = result.Verification.Objectives;
        Assert.Equal(["cheap", "short-routes-hops", "short-routes-latency"], objectives.Select(o => o.Objective.Name));
        Assert.True(objectives[0].Proven);
        Assert.All(objectives.Skip(1), o => Assert.False(o.Proven));
        Assert.All(objectives.Skip(1), o => Assert.StartsWith("not attempted: ", o.Unproven, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Verification.Obligations, o => o.Name.StartsWith("bound-short-routes", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_UnknownRoutePreference_UsageErrorAndNothingWritten()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = Compile(output, "--route-preference", "fastest");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("fastest", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }
}
