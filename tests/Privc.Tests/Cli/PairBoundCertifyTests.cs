using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Privc.Cli;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Cli;

/// <summary>
/// The short-route tie-breaker's certificate (specs/encoding.md sections 15.2 and 17): cvc5 replays the Geant example's
/// bound obligations, and certify re-derives the pair bounds they rest on, so a tampered constant, in route-facts.json
/// or in an obligation, is caught.
/// </summary>
public class PairBoundCertifyTests
{
    private static readonly string Geant = Path.Combine(TestPaths.Examples, "gdpr-geant2012");
    private static readonly string Hospital = Path.Combine(TestPaths.Examples, "hospital-au");

    private static string Compiled(string folder, string file) => Compiled(folder, file, out _);

    private static string Compiled(string folder, string file, out string errors)
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        var result = CliRunner.Run("compile", Path.Combine(folder, file), "--topology", Path.Combine(folder, "topology.yaml"), "--out", output, "--timeout", "120", "-q");
        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        errors = result.Error;
        return output;
    }

    [Fact]
    public void Certify_GeantExampleWithCvc5_TieBreakerBoundsAndPairBoundsAgree()
    {
        // Before the explicit `pairs_f >= 0` (a flow whose two services may share a device has no implied linear bound),
        // cvc5 gave no answer to the hops bound in 300 s; each now takes seconds, so a 60 s limit is ample.
        var output = Compiled(Geant, "gdpr.priv", out var compileErrors);
        // The tie-breaker's second level has a wall-clock time share (ShortRouteStage): on a machine loaded several
        // times over it may end unproven (PRIV4004), and then there is no bound of it to replay. Idle, it takes ~2 s.
        var latencyProven = !compileErrors.Contains("PRIV4004: objective 'short-routes-latency'", StringComparison.Ordinal);
        foreach (var solver in new[] { "cvc5", "z3" })
        {
            var result = CliRunner.Run("certify", output, "--solver", solver, "--timeout", "60");
            Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
            Assert.Contains("02-bound-short-routes-hops.smt2: agree", result.Out, StringComparison.Ordinal);
            if (latencyProven)
            {
                Assert.Contains("03-bound-short-routes-latency.smt2: agree", result.Out, StringComparison.Ordinal);
            }
            Assert.Matches(new Regex(@"route-facts\.json: pair bounds agree \((\d+) of \1 pair bound"), result.Out);
        }
        var hops = File.ReadAllText(Path.Combine(output, "certificate", "obligations", "02-bound-short-routes-hops.smt2"));
        Assert.Contains("(assert (>= |pairs!short-routes-hops!order_events| 0))", hops, StringComparison.Ordinal);
    }

    [Fact]
    [CoversDiagnostic("PRIV8006")]
    public void Certify_PairBoundRaisedInRouteFacts_IsRefutedByTheIndependentSearch()
    {
        var output = Compiled(Hospital, "hospital.priv");
        var path = Path.Combine(output, "certificate", "route-facts.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var record = json["pairBounds"]!.AsArray().First(r => (string)r!["metric"]! == "latency")!;
        var pair = record["pairs"]!.AsArray().First(p => p![2] is not null && (long)p[2]! > 0)!.AsArray();
        var raised = (long)pair[2]! + 1;
        pair[2] = raised;
        File.WriteAllText(path, json.ToJsonString());

        var result = CliRunner.Run("certify", output, "--solver", "z3");

        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains($"the pair ({(string)pair[0]!}, {(string)pair[1]!}) is recorded with bound {raised}, but its least latency is {raised - 1}", result.Out, StringComparison.Ordinal);
        Assert.Contains("error PRIV8006:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Certify_PairConstantRaisedInAnObligation_IsRefuted()
    {
        // A larger constant than the least route would let an unsat bound query "prove" a bound no plan meets.
        var output = Compiled(Hospital, "hospital.priv");
        var path = Path.Combine(output, "certificate", "obligations", "03-bound-short-routes-hops.smt2");
        var text = File.ReadAllText(path);
        var term = new Regex(@"\(ite \(and (\|h![^|]+\| \|h![^|]+\|)\) (\d+) 0\)").Match(text);
        Assert.True(term.Success, "the hospital's hops obligation has a product-form pair term");
        var raised = long.Parse(term.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
        File.WriteAllText(path, text[..term.Index] + $"(ite (and {term.Groups[1].Value}) {raised} 0)" + text[(term.Index + term.Length)..]);

        var result = CliRunner.Run("certify", output, "--solver", "z3");

        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains($"weighs {raised} in the obligation, but its bound is {raised - 1}", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Certify_ImpliedBoundCoefficientRaised_IsRefuted()
    {
        var output = Compiled(Hospital, "hospital.priv");
        var path = Path.Combine(output, "certificate", "obligations", "04-bound-short-routes-latency.smt2");
        var text = File.ReadAllText(path);
        var bound = new Regex(@"^\(assert \(>= \|pairs!short-routes-latency![^|]+\| .*\(\* (\d+) \|x!", RegexOptions.Multiline).Match(text);
        Assert.True(bound.Success, "the hospital's latency obligation has an implied linear bound");
        var coefficient = bound.Groups[1];
        var raised = long.Parse(coefficient.Value, System.Globalization.CultureInfo.InvariantCulture) + 1;
        File.WriteAllText(path, text[..coefficient.Index] + raised.ToString(System.Globalization.CultureInfo.InvariantCulture) + text[(coefficient.Index + coefficient.Length)..]);

        var result = CliRunner.Run("certify", output, "--solver", "z3");

        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains($"the coefficient {raised}, but the sum of its least pair bounds is {raised - 1}", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Certify_RouteFactsNoLongerNamed_PairTermsWithoutRecordAreRefuted()
    {
        var output = Compiled(Hospital, "hospital.priv");
        var path = Path.Combine(output, "certificate", "answers.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json.Remove("routeFacts");
        File.WriteAllText(path, json.ToJsonString());

        var result = CliRunner.Run("certify", output, "--solver", "z3");

        Assert.Equal(ExitCodes.Violations, result.ExitCode);
        Assert.Contains("pair bounds: DISAGREE (the obligation bounds flow", result.Out, StringComparison.Ordinal);
        Assert.Contains("by pair constants the certificate does not record", result.Out, StringComparison.Ordinal);
    }
}
