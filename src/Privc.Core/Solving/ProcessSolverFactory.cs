using System.Diagnostics;
using System.Globalization;
using System.ComponentModel;

namespace Privc.Solving;

/// <summary>
/// Starts sessions with an external SMT-LIB2 solver. The binary comes from <see cref="SolverOptions.SolverPath"/>
/// (a command-line flag), else the dialect's environment variable (PRIVC_Z3, PRIVC_CVC5), else PATH. Its version is
/// checked once per factory.
/// </summary>
public sealed class ProcessSolverFactory : ISmtSolverFactory
{
    private readonly SolverDialect dialect;
    private readonly Func<string, string?> environment;
    private readonly Dictionary<string, (string? Name, string? Error)> versions = new(StringComparer.Ordinal);

    public ProcessSolverFactory(SolverDialect dialect, Func<string, string?> environment)
    {
        this.dialect = dialect;
        this.environment = environment;
    }

    public static ProcessSolverFactory Z3(Func<string, string?> environment) => new(SolverDialect.Z3, environment);

    public static ProcessSolverFactory Cvc5(Func<string, string?> environment) => new(SolverDialect.Cvc5, environment);

    public SolverStart Start(SolverOptions options)
    {
        var path = Locate(options.SolverPath);
        if (path is null)
        {
            return new SolverStart(null, new CheckResult(SolverOutcome.Unavailable,
                $"{dialect.Name} was not found: install it (Debian: apt-get install {dialect.Name}), pass its path with --{dialect.Name}, or set {dialect.EnvironmentVariable}"));
        }
        var (name, error) = Version(path);
        if (name is null)
        {
            return new SolverStart(null, new CheckResult(SolverOutcome.Unavailable, error));
        }
        return SmtProcessSession.Start(path, name, dialect, options);
    }

    /// <summary>The solver binary to run, or null when there is none.</summary>
    public string? Locate(string? explicitPath)
    {
        var candidate = explicitPath ?? environment(dialect.EnvironmentVariable);
        if (!string.IsNullOrEmpty(candidate))
        {
            return File.Exists(candidate) ? Path.GetFullPath(candidate) : null;
        }
        foreach (var folder in (environment("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var full = Path.Combine(folder, dialect.Name);
            if (File.Exists(full))
            {
                return full;
            }
        }
        return null;
    }

    private (string? Name, string? Error) Version(string path)
    {
        lock (versions)
        {
            if (versions.TryGetValue(path, out var known))
            {
                return known;
            }
            var result = ReadVersion(path);
            versions[path] = result;
            return result;
        }
    }

    private (string? Name, string? Error) ReadVersion(string path)
    {
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dialect.VersionArgument);
        string output;
        try
        {
            using var process = Process.Start(info)!;
            var read = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return (null, $"'{path} {dialect.VersionArgument}' did not finish");
            }
            output = read.Result;
        }
        catch (Exception e) when (e is Win32Exception or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return (null, $"{dialect.Name} at '{path}' cannot be run: {e.Message}");
        }
        var match = dialect.VersionPattern.Match(output);
        if (!match.Success)
        {
            return (null, $"'{path}' does not look like {dialect.Name} (its version output was '{output.Trim()}')");
        }
        var version = new Version(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 0);
        if (version < dialect.Minimum)
        {
            return (null, $"{dialect.Name} {version} is too old; privc needs {dialect.Minimum} or later");
        }
        return ($"{dialect.Name} {version}", null);
    }
}
