using Privc.Syntax;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Syntax;

/// <summary>The readable, deterministic dump of syntax trees the golden corpus keeps.</summary>
public class SyntaxTreePrinterTests
{
    [Fact]
    public void Print_SmallProgram_ShowsRolesKindsDataAndSpans()
    {
        var result = TestSources.Parse("data D: high tags PHI;\nintent i: place s on not tee or trust >= 2; // why\n");
        var expected = """
            Program @1:1-3:1
              Items[0]: DataDecl @1:1-1:23
                Name: Name "D" @1:6-1:7
                Level: Name "high" @1:9-1:13
                Tags[0]: Name "PHI" @1:19-1:22
              Items[1]: IntentDecl @2:1-2:44
                Name: Name "i" @2:8-2:9
                Body: PlaceIntent @2:11-2:43
                  Services[0]: NamedService @2:17-2:18
                    Name: Name "s" @2:17-2:18
                  On: OrPredicate @2:22-2:43
                    Left: NotPredicate @2:22-2:29
                      Operand: FlagPredicate @2:26-2:29
                        Attribute: Attribute "tee" @2:26-2:29
                    Right: ComparePredicate >= @2:33-2:43
                      Attribute: Attribute "trust" @2:33-2:38
                      Value: Value Number "2" @2:42-2:43
              Comments[0]: Comment "// why" @2:45-2:51

            """;
        Assert.Equal(expected, SyntaxTreePrinter.Print(result.Program!));
    }

    [Fact]
    public void Print_WithoutSpans_OmitsPositions()
    {
        var result = TestSources.Parse("levels a < b;");
        Assert.Equal("Program\n  Items[0]: LevelsDecl\n    Levels[0]: Name \"a\"\n    Levels[1]: Name \"b\"\n", SyntaxTreePrinter.Print(result.Program!, withSpans: false));
    }

    [Fact]
    public void Print_ControlCharactersInStrings_AreEscaped()
    {
        var result = TestSources.Parse("service s { image \"a\\tb\\nc\u0001\"; }");
        var dump = SyntaxTreePrinter.Print(result.Program!);
        Assert.Contains("Value String \"a\\tb\\nc\\u0001\"", dump);
        Assert.DoesNotContain('\u0001', dump);
    }

    [Fact]
    public void Print_SameSourceTwice_IsIdentical()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Examples, "hospital-au", "hospital.priv"));
        Assert.Equal(SyntaxTreePrinter.Print(TestSources.Parse(text).Program!), SyntaxTreePrinter.Print(TestSources.Parse(text).Program!));
    }
}
