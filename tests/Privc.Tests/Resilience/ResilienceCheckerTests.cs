using Privc.Checking;
using Privc.Tests.Checker;
using static Privc.Tests.Checker.CheckerScenario;

namespace Privc.Tests.Resilience;

/// <summary>
/// The independent checker's resilience condition R1 (specs/semantics.md section 9) on the checker's small
/// topology: s1-s2 (two cables), s2-s3, s1-s3, s3-s4, s2-s4. web runs on n1 (s1) and n3 (s2), db on n4 (s3).
/// </summary>
public class ResilienceCheckerTests
{
    private static Placement[] Base => [Place("web", "n1", "n3"), Place("db", "n4"), Place("guest", "n5")];

    private static Configuration Through(CheckerScenario s, params Route[] extra) =>
        s.Config(Base, [s.Route("q", "n1", "n4", "s1", "s2", "s3"), s.Route("q", "n3", "n4", "s2", "s3"), .. extra]);

    [Fact]
    public void Check_EveryElementHasABackup_IsResilient()
    {
        var s = new CheckerScenario(string.Empty);
        var configuration = Through(s);
        s.AssertCompliant(configuration);
        var report = ResilienceChecker.Check(s.Program, s.Topology, configuration);
        Assert.True(report.Compliant, string.Join("\n", report.Violations));
    }

    [Fact]
    public void Check_OnlyEncryptedLinks_ReportsEveryElementWithoutABackup()
    {
        // Encrypted links only: s1-s2 (ports 1), s2-s3, s3-s4. The route s1 -> s2 -> s3 has no way around s2, around
        // its first cable (the parallel one is unencrypted) or around s2-s3; the route s2 -> s3 none around s2-s3.
        var s = new CheckerScenario("intent r: route q avoid links where encrypted == false;");
        var configuration = Through(s);
        s.AssertCompliant(configuration);
        var report = ResilienceChecker.Check(s.Program, s.Topology, configuration);
        Assert.All(report.Violations, v => Assert.Equal((ResilienceChecker.Condition, ViolationKind.NoBackupRoute), (v.Intent, v.Kind)));
        var seen = report.Violations.Select(v => (v.Witness.SourceNode, v.Witness.Device ?? v.Witness.Link)).ToList();
        Assert.Equal(
            [("n1", "s2"), ("n1", "s1:1<->s2:1"), ("n1", "s2:3<->s3:1"), ("n3", "s2:3<->s3:1")],
            seen.OrderBy(p => p.SourceNode, StringComparer.Ordinal).ThenBy(p => p.Item2 == "s2" ? 0 : 1).ThenBy(p => p.Item2, StringComparer.Ordinal).ToList());
        Assert.Contains("does not survive the failure of device 's2'", report.Violations[0].Message + string.Concat(report.Violations.Select(v => v.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ReverseFlowSharesTheRoute_BackupMustSatisfyItToo()
    {
        // back (no port) travels q's routes reversed (W3), so a backup serves both: q alone could go around s2 over
        // the unencrypted s1-s3, but back avoids unencrypted links, and the backup is one route for both.
        const string declarations = CheckerScenario.Declarations + "flow back: db -> web bandwidth 1Mbps;\n";
        var free = new CheckerScenario(string.Empty, declarations: declarations);
        var bound = new CheckerScenario("intent r: route back avoid links where encrypted == false;", declarations: declarations);
        Route[] replies(CheckerScenario s) => [s.Route("back", "n4", "n1", "s3", "s2", "s1"), s.Route("back", "n4", "n3", "s3", "s2")];
        var configuration = Through(free, replies(free));
        free.AssertCompliant(configuration);
        bound.AssertCompliant(Through(bound, replies(bound)));
        Assert.True(ResilienceChecker.Check(free.Program, free.Topology, configuration).Compliant);
        var report = ResilienceChecker.Check(bound.Program, bound.Topology, Through(bound, replies(bound)));
        Assert.Contains(report.Violations, v => v.Witness.Device == "s2" && v.Witness.Flow is "q" or "back");
    }

    [Fact]
    public void Check_SearchLimitReached_IsReportedNotTrusted()
    {
        var s = new CheckerScenario(string.Empty);
        var report = ResilienceChecker.Check(s.Program, s.Topology, Through(s), workLimit: 1);
        Assert.False(report.Compliant);
        Assert.All(report.Violations, v => Assert.Contains("within 1 steps", v.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SameNodeAndSingleDeviceRoutes_HaveNothingToFail()
    {
        // web on n1 and n2 (both on s1) -> db on n3 (s2)... and db on n1: the route n1 -> n1 is empty.
        var s = new CheckerScenario(string.Empty);
        var configuration = s.Config([Place("web", "n1", "n2"), Place("db", "n1"), Place("guest", "n5")]);
        s.AssertCompliant(configuration);
        Assert.True(ResilienceChecker.Check(s.Program, s.Topology, configuration).Compliant);
    }
}
