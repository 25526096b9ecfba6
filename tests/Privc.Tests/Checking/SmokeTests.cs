using Privc.Checking;

namespace Privc.Tests.Checking;

public class SmokeTests
{
    [Fact]
    public void Scenario_Loads()
    {
        var s = new CheckerScenario("");
        var c = s.Config([CheckerScenario.Place("web", "n1", "n3"), CheckerScenario.Place("db", "n4"), CheckerScenario.Place("guest", "n5")]);
        s.AssertCompliant(c);
    }
}
