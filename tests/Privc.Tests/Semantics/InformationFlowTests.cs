using Privc.Semantics;
using Privc.Tests.Infrastructure;
using static Privc.Tests.Infrastructure.DiagnosticAssert;

namespace Privc.Tests.Semantics;

/// <summary>
/// Information-flow typing: the level at which each service holds and each flow carries each data class, and
/// the clearance checks on them (specs/language.md, "Information flow").
/// </summary>
public class InformationFlowTests
{
    private const string P = FrontEndTestPrelude.Declarations;

    private static BoundProgram Bind(string text)
    {
        var compilation = TestSources.Compile(text, HospitalTopology);
        Assert.True(compilation.Program is not null, string.Join("\n", compilation.Diagnostics));
        return compilation.Program!;
    }

    [Fact]
    public void Flow_BeforeTheDeclassifier_CarriesDataAtItsOwnLevel()
    {
        var program = Bind(P);
        Assert.Equal(new CarriedData("Vitals", 3, false), Assert.Single(program.Flow("feed").Carries));
        Assert.Equal(new CarriedData("Vitals", 3, false), Assert.Single(program.Flow("to_anon").Carries));
    }

    [Fact]
    public void Flow_LeavingTheDeclassifier_CarriesTheLoweredLevel() =>
        Assert.Equal(new CarriedData("Vitals", 1, true), Assert.Single(Bind(P).Flow("out").Carries));

    [Fact]
    public void Services_HoldDataAtTheLevelTheyReceiveIt()
    {
        var program = Bind(P);
        Assert.Equal(new HeldData("Vitals", 3, false), Assert.Single(program.Service("ingest").Holds));
        Assert.Equal(new HeldData("Vitals", 3, false), Assert.Single(program.Service("triage").Holds));
        Assert.Equal(new HeldData("Vitals", 3, false), Assert.Single(program.Service("anon").Holds));
        Assert.Equal(new HeldData("Vitals", 1, true), Assert.Single(program.Service("research").Holds));
        Assert.Empty(program.Service("research").HoldsUndeclassified);
    }

    [Fact]
    public void Declassified_DataForwardedFurther_StaysDeclassified()
    {
        var program = Bind(P + "service report { image \"x\"; clearance internal; }\nflow publish: research -> report carries Vitals;");
        Assert.Equal(new CarriedData("Vitals", 1, true), Assert.Single(program.Flow("publish").Carries));
        Assert.Equal(new HeldData("Vitals", 1, true), Assert.Single(program.Service("report").Holds));
    }

    [Fact]
    public void Service_ReceivingRawDataBelowClearance_IsAClearanceViolation() =>
        Reports(P + "flow raw: triage -> research carries [Vitals];", "PRIV2014");

    [Fact]
    public void Service_ReceivingDeclassifiedAndRawDataWithClearance_HoldsItRaw()
    {
        var program = Bind(P + "service vault { image \"x\"; clearance restricted; }\nflow a: anon -> vault carries Vitals;\nflow b: triage -> vault carries Vitals;");
        Assert.Equal(new HeldData("Vitals", 3, false), Assert.Single(program.Service("vault").Holds));
        Assert.Equal(new CarriedData("Vitals", 1, true), Assert.Single(program.Flow("a").Carries));
    }

    [Fact]
    public void Declassifications_OfTheSameDataViaTheSameService_TakeTheLowest()
    {
        var program = Bind(P + "intent d2: declassify Vitals to public via anon;\nintent d3: declassify Vitals to confidential via anon;");
        Assert.Equal(new CarriedData("Vitals", 0, true), Assert.Single(program.Flow("out").Carries));
    }

    [Fact]
    public void Declassification_ViaAServiceThatDeclaresTheData_Applies()
    {
        var program = Bind(P.Replace("intent anonymise: declassify Vitals to internal via anon;", "intent d: declassify Vitals to internal via ingest;"));
        Assert.Equal(new CarriedData("Vitals", 1, true), Assert.Single(program.Flow("feed").Carries));
        // triage receives Vitals declassified, so a keep on Vitals no longer constrains it or the flows after it.
        var keep = Assert.IsType<KeepIntent>(Bind(P.Replace("via anon;", "via ingest;") + "intent k: keep Vitals within jurisdiction == AU;").Intents.Single(i => i.Name == "k"));
        Assert.Equal(["ingest"], keep.Services.AsEnumerable());
        Assert.Empty(keep.Flows);
    }

    [Fact]
    public void Data_CirculatingInACycleWithoutOrigin_IsHeldAtItsOwnLevel()
    {
        var program = Bind("data D: confidential;\nservice a { image \"x\"; clearance restricted; }\nservice b { image \"x\"; clearance restricted; }\nflow ab: a -> b carries D;\nflow ba: b -> a carries D;");
        Assert.Equal(new HeldData("D", 2, false), Assert.Single(program.Service("a").Holds));
        Assert.Equal(new HeldData("D", 2, false), Assert.Single(program.Service("b").Holds));
    }

    [Fact]
    public void Clearance_EqualToTheLevel_IsEnough() =>
        Reports("data D: confidential;\nservice a { image \"x\"; handles D; clearance confidential; }\nservice b { image \"x\"; clearance confidential; }\nflow ab: a -> b carries D;");

    [Fact]
    public void Violation_PropagatesAlongAChain_ReportedWhereItEntersTheLowService() =>
        Reports(
            "data D: confidential;\nservice a { image \"x\"; handles D; clearance restricted; }\nservice b { image \"x\"; clearance restricted; }\nservice c { image \"x\"; clearance internal; }\nflow ab: a -> b carries D;\nflow bc: b -> c carries [D];",
            "PRIV2014");

    [Fact]
    public void Violation_OnEveryFlowIntoTheLowService_EachReported() =>
        Reports(
            P + "service low { image \"x\"; }\nflow f1: ingest -> low carries [Vitals];\nflow f2: triage -> low carries [Vitals];",
            "PRIV2014", "PRIV2014");

    [Fact]
    public void HandlingSelector_IncludesDeclassifiedHolders()
    {
        var dedicate = Assert.IsType<DedicateIntent>(Bind(P + "intent i: dedicate handling Vitals;").Intents.Single(i => i.Name == "i"));
        Assert.Contains("research", dedicate.Services);
    }
}
