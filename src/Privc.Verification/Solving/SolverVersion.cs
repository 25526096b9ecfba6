using System.Globalization;
using System.Text.RegularExpressions;

namespace Privc.Verification.Solving;

/// <summary>A solver's version as printed by <c>z3 -version</c> or <c>cvc5 --version</c>.</summary>
public sealed partial record SolverVersion(int Major, int Minor, int Patch) : IComparable<SolverVersion>
{
    /// <summary>Finds "version X.Y[.Z]" in the solver's banner ("Z3 version 4.8.12 - 64 bit", "This is cvc5 version 1.0.3").</summary>
    public static SolverVersion? TryParse(string banner)
    {
        var match = VersionPattern().Match(banner);
        if (!match.Success)
        {
            return null;
        }
        static int Part(Group g) => g.Success ? int.Parse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        return new SolverVersion(Part(match.Groups[1]), Part(match.Groups[2]), Part(match.Groups[3]));
    }

    public int CompareTo(SolverVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        var byMajor = Major.CompareTo(other.Major);
        if (byMajor != 0)
        {
            return byMajor;
        }
        var byMinor = Minor.CompareTo(other.Minor);
        return byMinor != 0 ? byMinor : Patch.CompareTo(other.Patch);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    [GeneratedRegex(@"version\s+(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
