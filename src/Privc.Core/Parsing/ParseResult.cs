using System.Collections.Immutable;
using Privc.Diagnostics;
using Privc.Syntax;
using Privc.Text;

namespace Privc.Parsing;

/// <summary>The outcome of parsing one file. <see cref="Program"/> is present only when there were no errors.</summary>
public sealed record ParseResult(SourceText Source, ProgramSyntax? Program, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Succeeded => Program is not null;
}
