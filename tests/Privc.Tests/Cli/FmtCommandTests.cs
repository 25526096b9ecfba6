using Privc.Cli;
using Privc.Cli.Commands;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Cli;

/// <summary><c>privc fmt</c>, run in-process on files in a temporary folder.</summary>
public sealed class FmtCommandTests : IDisposable
{
    private const string Messy = "levels a<b ;\nservice s { image \"x\" ; ports 1,2; }\nintent i : place s on (tee) and not (x or y);\n";
    private const string Tidy = "levels a < b;\n\nservice s {\n  image \"x\";\n  ports 1, 2;\n}\n\nintent i: place s on tee and not (x or y);\n";

    private readonly string folder = Directory.CreateTempSubdirectory("privc-fmt-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApplication.Run(args, new CliContext(output, error, _ => null));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Fmt_UnformattedFile_IsRewrittenCanonically()
    {
        var path = Write("a.priv", Messy);
        var (code, output, error) = Run("fmt", path);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(string.Empty, error);
        Assert.Equal($"formatted {path}\n", output.ReplaceLineEndings("\n"));
        Assert.Equal(Tidy, File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void Fmt_FormattedFile_IsLeftAlone()
    {
        var path = Write("a.priv", Tidy);
        var before = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, before.AddHours(-1));
        var (code, output, _) = Run("fmt", path);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal(before.AddHours(-1), File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void Fmt_Check_UnformattedFile_ExitsFourAndChangesNothing()
    {
        var path = Write("a.priv", Messy);
        var (code, output, _) = Run("fmt", "--check", path);
        Assert.Equal(ExitCodes.Violations, code);
        Assert.Contains($"{path}: not formatted", output);
        Assert.Equal(Messy, File.ReadAllText(path));
    }

    [Fact]
    public void Fmt_Check_FormattedFile_ExitsZero()
    {
        var path = Write("a.priv", Tidy);
        Assert.Equal(ExitCodes.Success, Run("fmt", path, "--check").Code);
    }

    [Fact]
    public void Fmt_Check_HospitalExample_IsFormatted() =>
        Assert.Equal(ExitCodes.Success, Run("fmt", "--check", Path.Combine(TestPaths.Examples, "hospital-au", "hospital.priv")).Code);

    [Fact]
    public void Fmt_SyntaxError_ReportsAndLeavesTheFileUntouched()
    {
        var text = "levels a<b ;\ndata X restricted;\n";
        var path = Write("bad.priv", text);
        var (code, output, error) = Run("fmt", path);
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"{path}:2:7: error PRIV1005: missing ':'", error);
        Assert.Equal(text, File.ReadAllText(path));
    }

    [Fact]
    public void Fmt_OneBadFileAmongGoodOnes_FormatsTheGoodAndFails()
    {
        var good = Write("good.priv", Messy);
        var bad = Write("bad.priv", "data X restricted;");
        var (code, _, _) = Run("fmt", bad, good);
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Equal(Tidy, File.ReadAllText(good));
        Assert.Equal("data X restricted;", File.ReadAllText(bad));
    }

    [Fact]
    public void Fmt_MissingFile_IsNotReadable()
    {
        var (code, _, error) = Run("fmt", Path.Combine(folder, "absent.priv"));
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("error PRIV0001", error);
    }

    [Fact]
    [CoversDiagnostic("PRIV0008")]
    public void Fmt_NoFiles_IsAnError()
    {
        var (code, output, error) = Run("fmt");
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("privc: error PRIV0008: no intent files (.priv) were given", error);
    }

    [Fact]
    [CoversDiagnostic("PRIV0008")]
    public void Fmt_FolderWithoutIntentFiles_IsAnError()
    {
        Write("notes.txt", "x");
        var (code, _, error) = Run("fmt", folder);
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("error PRIV0008", error);
    }

    [Fact]
    public void Fmt_Folder_FormatsTheIntentFilesBelowIt()
    {
        var a = Write("a.priv", Messy);
        var b = Write(Path.Combine("sub", "b.priv"), Messy);
        var other = Write("readme.md", Messy);
        var (code, output, _) = Run("fmt", folder);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(Tidy, File.ReadAllText(a));
        Assert.Equal(Tidy, File.ReadAllText(b));
        Assert.Equal(Messy, File.ReadAllText(other));
        Assert.Equal(2, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    [CoversDiagnostic("PRIV0007")]
    public void Fmt_RewriteThatCannotBeWritten_ReportsAndKeepsTheOriginal()
    {
        var path = Write("a.priv", Messy);
        // A folder where the temporary file must go makes the write fail, even for root.
        Directory.CreateDirectory(FmtCommand.TemporaryPath(path));
        var (code, output, error) = Run("fmt", path);
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"{path}: error PRIV0007: cannot write output '{path}'", error);
        Assert.Equal(Messy, File.ReadAllText(path));
    }

    [Fact]
    public void Fmt_SymbolicLink_RewritesTheTargetAndKeepsTheLink()
    {
        var target = Write("real.priv", Messy);
        var link = Path.Combine(folder, "link.priv");
        File.CreateSymbolicLink(link, target);
        Assert.Equal(ExitCodes.Success, Run("fmt", link).Code);
        Assert.Equal(Tidy, File.ReadAllText(target));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public void Fmt_Rewrite_KeepsThePermissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var path = Write("a.priv", Messy);
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);
        Assert.Equal(ExitCodes.Success, Run("fmt", path).Code);
        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    [CoversDiagnostic("PRIV0006")]
    public void Fmt_MisspelledCommand_IsAUsageError()
    {
        var (code, _, error) = Run("fmtt", "x.priv");
        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains("privc: error PRIV0006:", error);
        Assert.Contains("fmtt", error);
    }
}
