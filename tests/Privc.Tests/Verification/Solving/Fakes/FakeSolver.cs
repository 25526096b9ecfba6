using System.Collections.Immutable;
using Privc.Verification.Solving;

namespace Privc.Tests.Verification.Solving.Fakes;

/// <summary>What an in-process fake prints for one command, and whether it dies or goes silent afterwards.</summary>
public sealed record FakeReply(ImmutableArray<string> Lines, bool Dies = false, bool Hangs = false)
{
    public static FakeReply Nothing { get; } = new(ImmutableArray<string>.Empty);

    public static FakeReply Print(params string[] lines) => new(lines.ToImmutableArray());
}

/// <summary>
/// In-process solvers for tests (Boogie style): each is a function from an SMT-LIB command to what the solver prints.
/// They run behind the real <see cref="SmtProcessSession"/> protocol code (markers, parsing, failure handling) through
/// <see cref="FakeChannel"/>, so they test that code, and the encoder's tests can use them as an
/// <see cref="ISmtSolverFactory"/> through <see cref="FakeSolverFactory"/>.
/// </summary>
public static class FakeSolver
{
    /// <summary>Says unsat to every check, with the given core (names or assumption literals).</summary>
    public static Func<SList, FakeReply> AlwaysUnsat(params string[] core) => command => Head(command) switch
    {
        "check-sat" or "check-sat-assuming" => FakeReply.Print("unsat"),
        "get-unsat-core" => FakeReply.Print("(" + string.Join(" ", core) + ")"),
        "get-unsat-assumptions" => FakeReply.Print("()"),
        _ => Quiet(command),
    };

    /// <summary>Says unknown to every check, giving <paramref name="reason"/> as z3 does (a string literal).</summary>
    public static Func<SList, FakeReply> AlwaysUnknown(string reason) => command => Head(command) switch
    {
        "check-sat" or "check-sat-assuming" => FakeReply.Print("unknown"),
        "get-info" => FakeReply.Print($"(:reason-unknown \"{reason.Replace("\"", "\"\"", StringComparison.Ordinal)}\")"),
        _ => Quiet(command),
    };

    /// <summary>Says sat and answers get-value from <paramref name="values"/> (term text to value text).</summary>
    public static Func<SList, FakeReply> AlwaysSat(IReadOnlyDictionary<string, string> values) => command => Head(command) switch
    {
        "check-sat" or "check-sat-assuming" => FakeReply.Print("sat"),
        "get-value" when command.Items[1] is SList terms =>
            FakeReply.Print("(" + string.Join("\n ", terms.Items.Select(t => $"({t.ToCanonical()} {values[t.ToCanonical()]})")) + ")"),
        _ => Quiet(command),
    };

    /// <summary>Starts an answer to the first check and dies in the middle of it, with a message on stderr.</summary>
    public static Func<SList, FakeReply> DiesMidAnswer() => command => Head(command) switch
    {
        "check-sat" or "check-sat-assuming" => new FakeReply(["((x 1)", " (y "], Dies: true),
        _ => Quiet(command),
    };

    /// <summary>Answers every check with text that is not SMT-LIB.</summary>
    public static Func<SList, FakeReply> Garbage() => command => Head(command) switch
    {
        "check-sat" or "check-sat-assuming" => FakeReply.Print("<html><body>502 Bad Gateway</body></html>", "sat ) ) ("),
        _ => Quiet(command),
    };

    /// <summary>Answers every check with something well-formed but wrong ("yes").</summary>
    public static Func<SList, FakeReply> WrongAnswer() => command => Head(command) switch
    {
        "check-sat" or "check-sat-assuming" => FakeReply.Print("yes"),
        _ => Quiet(command),
    };

    /// <summary>Never answers a check (the in-process stand-in for a hung solver: the wait times out at once).</summary>
    public static Func<SList, FakeReply> Hangs() => command => Head(command) switch
    {
        "check-sat" or "check-sat-assuming" => new FakeReply(ImmutableArray<string>.Empty, Hangs: true),
        _ => Quiet(command),
    };

    /// <summary>Like z3 for an unknown command: prints "unsupported" for anything but set-option and check-sat.</summary>
    public static Func<SList, FakeReply> Unsupporting() => command => Head(command) switch
    {
        "set-option" => FakeReply.Nothing,
        "check-sat" => FakeReply.Print("sat"),
        _ => FakeReply.Print("unsupported"),
    };

    public static string Head(SList command) => command.Items is [SAtom { Kind: SAtomKind.Symbol } head, ..] ? head.Value : string.Empty;

    private static FakeReply Quiet(SList command) => Head(command) switch
    {
        "set-option" or "declare-const" or "declare-fun" or "define-fun" or "assert" or "push" or "pop" or "set-logic" or "set-info" => FakeReply.Nothing,
        "get-value" => FakeReply.Print("(error \"model is not available\")"),
        _ => FakeReply.Print($"(error \"fake solver: unexpected command {Head(command)}\")"),
    };
}
