using FsCheck.Xunit;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Semantics;

/// <summary>
/// Random well-formed programs, mostly but not always consistent with the prelude and hospital-au: the binder
/// never throws, reports every problem at a location, and returns a typed program exactly when there is no error.
/// </summary>
public class GeneratedProgramTests
{
    [Property(MaxTest = 300)]
    public void Bind_RandomProgram_GivesAProgramOrLocatedErrors(int seed)
    {
        var text = RandomPrograms.Generate(seed);
        var compilation = TestSources.Compile(text, DiagnosticAssert.HospitalTopology);
        Assert.True(compilation.ParseResults[0].Succeeded, text + "\n" + string.Join("\n", compilation.Diagnostics));
        var diagnostics = compilation.Diagnostics;
        Assert.Equal(diagnostics.Any(d => d.IsError), compilation.Program is null);
        Assert.All(diagnostics, d => Assert.NotNull(d.Location));
        Assert.Equal(diagnostics.Order(), diagnostics);
    }

    [Property(MaxTest = 100)]
    public void Bind_SameProgramTwice_GivesTheSameDiagnostics(int seed)
    {
        var text = RandomPrograms.Generate(seed);
        var first = TestSources.Compile(text, DiagnosticAssert.HospitalTopology).Diagnostics.Select(d => d.ToString());
        var second = TestSources.Compile(text, DiagnosticAssert.HospitalTopology).Diagnostics.Select(d => d.ToString());
        Assert.Equal(first, second);
    }
}
