using System.Collections.Immutable;
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Privc.Cli;
using Privc.Artifacts.Emit;
using Privc.Text;
using Privc.Tests.Infrastructure;

namespace Privc.Tests.Artifacts.Emit;

/// <summary>
/// privc never deletes or overwrites a file it did not write: an output folder is replaced only when it is new,
/// empty, or privc's own earlier output (every file listed unchanged in its marker); --force replaces anything
/// else but never a folder holding an input or the working folder.
/// </summary>
public class OutputFolderTests
{
    private static readonly OutputBundle Bundle = OutputBundle.Empty.With("plan.json", "{}\n").With("kubernetes/a.yaml", "kind: A\n");

    private static OutputPolicy Policy(bool force = false, params string[] inputs) => new([.. inputs], force, Path.GetTempPath());

    [Fact]
    public void Write_NewFolder_WritesTheBundleAndAMarker()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        Assert.Null(OutputFolder.Write(output, Bundle, Policy()));
        var files = CliRunner.Snapshot(output);
        Assert.Equal([".privc-output.json", "kubernetes/a.yaml", "plan.json"], files.Keys.Select(k => k.Replace('\\', '/')));
        Assert.Empty(OutputFolder.ForeignFiles(output));
    }

    [Fact]
    public void Write_EmptyFolder_IsFilled()
    {
        var output = CliRunner.TempFolder();
        Assert.Null(OutputFolder.Write(output, Bundle, Policy()));
        Assert.True(File.Exists(Path.Combine(output, "plan.json")));
    }

    [Fact]
    public void Write_PreviousOutput_IsReplacedWhole()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        Assert.Null(OutputFolder.Write(output, Bundle.With("stale.json", "old\n"), Policy()));
        Assert.Null(OutputFolder.Write(output, Bundle, Policy()));
        Assert.False(File.Exists(Path.Combine(output, "stale.json")));
        Assert.True(File.Exists(Path.Combine(output, "kubernetes", "a.yaml")));
        Assert.Empty(Directory.GetDirectories(output, ".privc-staging-*"));
    }

    [CoversDiagnostic("PRIV0009")]
    [Theory]
    [InlineData("notes.txt")]
    [InlineData("kustomization.yaml")]
    [InlineData("kubernetes/extra.yaml")]
    public void Write_FolderWithAUsersFile_IsRefusedAndUntouched(string userFile)
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        Assert.Null(OutputFolder.Write(output, Bundle, Policy()));
        var path = Path.Combine(output, userFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "mine");
        var before = CliRunner.Snapshot(output);

        var refusal = OutputFolder.Write(output, Bundle.With("new.json", "{}"), Policy());

        Assert.NotNull(refusal);
        Assert.Equal("PRIV0009", refusal.Code);
        Assert.Contains(userFile, refusal.Message, StringComparison.Ordinal);
        Assert.Contains("--force", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, CliRunner.Snapshot(output));
    }

    [Fact]
    public void Write_FileEditedSincePrivcWroteIt_IsRefused()
    {
        var output = Path.Combine(CliRunner.TempFolder(), "out");
        Assert.Null(OutputFolder.Write(output, Bundle, Policy()));
        File.WriteAllText(Path.Combine(output, "plan.json"), "{\"edited\": true}\n");
        var refusal = OutputFolder.Write(output, Bundle, Policy());
        Assert.Equal("PRIV0009", refusal?.Code);
        Assert.Contains("'plan.json'", refusal!.Message, StringComparison.Ordinal);
        Assert.Equal("{\"edited\": true}\n", File.ReadAllText(Path.Combine(output, "plan.json")));
    }

    [Fact]
    public void Write_ForgedMarkerListingAUsersFile_DoesNotMakeItPrivcs()
    {
        var output = CliRunner.TempFolder();
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(output, OutputFolder.MarkerName), "{\"writtenBy\": \"privc\", \"files\": {\"notes.txt\": \"0000\"}}");
        Assert.Equal("PRIV0009", OutputFolder.Write(output, Bundle, Policy())?.Code);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "notes.txt")));
    }

    [Fact]
    public void Write_Force_ReplacesAUsersFolder()
    {
        var output = CliRunner.TempFolder();
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");
        Assert.Null(OutputFolder.Write(output, Bundle, Policy(force: true)));
        Assert.False(File.Exists(Path.Combine(output, "notes.txt")));
        Assert.True(File.Exists(Path.Combine(output, "plan.json")));
    }

    [CoversDiagnostic("PRIV0010")]
    [Fact]
    public void Write_FolderHoldingAnInput_IsRefusedEvenWithForce()
    {
        var output = CliRunner.TempFolder();
        var input = Path.Combine(output, "intents", "main.priv");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        File.WriteAllText(input, "// mine\n");

        var refusal = OutputFolder.Write(output, Bundle, Policy(force: true, input));

        Assert.Equal("PRIV0010", refusal?.Code);
        Assert.Contains("main.priv", refusal!.Message, StringComparison.Ordinal);
        Assert.Equal("// mine\n", File.ReadAllText(input));
    }

    [Fact]
    public void Write_InputReachedThroughASymbolicLink_IsStillAnInput()
    {
        var root = CliRunner.TempFolder();
        var output = Path.Combine(root, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "main.priv"), "// mine\n");
        var link = Path.Combine(root, "link");
        Directory.CreateSymbolicLink(link, output);

        var refusal = OutputFolder.Write(output, Bundle, Policy(force: true, Path.Combine(link, "main.priv")));

        Assert.Equal("PRIV0010", refusal?.Code);
        Assert.True(File.Exists(Path.Combine(output, "main.priv")));
    }

    [Fact]
    public void Write_WorkingFolderHoldingUsersFiles_IsRefusedEvenWithForce()
    {
        var working = CliRunner.TempFolder();
        File.WriteAllText(Path.Combine(working, "notes.txt"), "mine");
        var refusal = OutputFolder.Write(working, Bundle, new OutputPolicy([], true, Path.Combine(working, "sub")));
        Assert.Equal("PRIV0010", refusal?.Code);
        Assert.True(File.Exists(Path.Combine(working, "notes.txt")));
    }

    [Fact]
    public void Write_SymbolicLinkInside_IsForeignAndItsTargetSurvivesForce()
    {
        var root = CliRunner.TempFolder();
        var precious = Path.Combine(root, "precious");
        Directory.CreateDirectory(precious);
        File.WriteAllText(Path.Combine(precious, "data.txt"), "mine");
        var output = Path.Combine(root, "out");
        Directory.CreateDirectory(output);
        Directory.CreateSymbolicLink(Path.Combine(output, "kubernetes"), precious);

        Assert.Equal("PRIV0009", OutputFolder.Write(output, Bundle, Policy())?.Code);
        Assert.Null(OutputFolder.Write(output, Bundle, Policy(force: true)));

        Assert.Equal("mine", File.ReadAllText(Path.Combine(precious, "data.txt")));
        Assert.True(File.Exists(Path.Combine(output, "kubernetes", "a.yaml")));
        Assert.Null(new DirectoryInfo(Path.Combine(output, "kubernetes")).LinkTarget);
    }

    [CoversDiagnostic("PRIV0007")]
    [Fact]
    public void Write_TargetIsAFile_IsRefused()
    {
        var file = Path.Combine(CliRunner.TempFolder(), "out");
        File.WriteAllText(file, "mine");
        Assert.Equal("PRIV0007", OutputFolder.Write(file, Bundle, Policy(force: true))?.Code);
        Assert.Equal("mine", File.ReadAllText(file));
    }

    /// <summary>
    /// The law: for random folder contents (users' files, privc outputs, edited privc outputs, inputs) and random
    /// --out choices with and without --force, a file privc did not write never disappears or changes unless
    /// --force was given for a folder that holds neither an input nor the working folder; inputs never change.
    /// </summary>
    [Trait("Category", "Property")]
    [Fact]
    public void Property_NoFilePrivcDidNotWrite_EverDisappears()
    {
        var entries = new[] { "notes.txt", "a/kustomization.yaml", "a/b/main.priv", "out/plan.json", "out/x.txt", "a/out/kubernetes/k.yaml", "topology.yaml" };
        var scenario =
            from files in Gen.SubListOf(entries)
            from privcOutputs in Gen.SubListOf(new[] { "out", "a/out", "a", "." })
            from edits in Gen.SubListOf(new[] { "out/plan.json", "a/out/plan.json" })
            from target in Gen.Elements(".", "a", "a/b", "out", "a/out", "new", "a/new/deeper")
            from inputs in Gen.SubListOf(new[] { "a/b/main.priv", "topology.yaml" })
            from force in Gen.Elements(false, true)
            from working in Gen.Elements(".", "a", "elsewhere")
            select (Files: files.ToArray(), PrivcOutputs: privcOutputs.ToArray(), Edits: edits.ToArray(), Target: target, Inputs: inputs.ToArray(), Force: force, Working: working);

        var cases = 0;
        Prop.ForAll(Arb.From(scenario), s =>
        {
            cases++;
            var root = CliRunner.TempFolder();
            try
            {
                // Which files privc wrote and nobody touched since, tracked here independently of the marker.
                var owned = new HashSet<string>(StringComparer.Ordinal);
                foreach (var output in s.PrivcOutputs)
                {
                    Assert.Null(OutputFolder.Write(Path.Combine(root, output), Bundle, new OutputPolicy([], true, Path.GetTempPath())));
                    var prefix = output == "." ? string.Empty : output + "/";
                    owned.RemoveWhere(f => f.StartsWith(prefix, StringComparison.Ordinal));
                    owned.UnionWith(Bundle.Files.Keys.Append(OutputFolder.MarkerName).Select(f => prefix + f));
                }
                foreach (var file in s.Files.Concat(s.Inputs).Concat(s.Edits.Where(e => File.Exists(Path.Combine(root, e)))))
                {
                    var path = Path.Combine(root, file);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllText(path, "user content of " + file);
                    owned.Remove(file);
                }
                var before = CliRunner.Snapshot(root);
                var target = Path.Combine(root, s.Target);
                var working = Path.Combine(root, s.Working);
                var inputs = s.Inputs.Select(i => Path.Combine(root, i)).ToImmutableArray();

                var refusal = OutputFolder.Write(target, Bundle, new OutputPolicy(inputs, s.Force, working));

                var after = CliRunner.Snapshot(root);
                var targetFull = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
                var inputInside = inputs.Any(i => i.StartsWith(targetFull, StringComparison.Ordinal));
                var workingInside = (Path.GetFullPath(working) + Path.DirectorySeparatorChar).StartsWith(targetFull, StringComparison.Ordinal);
                foreach (var (file, content) in before)
                {
                    var inTarget = Path.Combine(root, file).StartsWith(targetFull, StringComparison.Ordinal);
                    var mayGo = inTarget && refusal is null && (owned.Contains(file.Replace('\\', '/')) || s.Force);
                    if (!mayGo)
                    {
                        Assert.True(after.TryGetValue(file, out var now) && now.AsSpan().SequenceEqual(content), $"'{file}' was lost or changed ({s})");
                    }
                }
                foreach (var input in s.Inputs)
                {
                    Assert.True(after.ContainsKey(input), $"input '{input}' was lost ({s})");
                }
                if (refusal is null)
                {
                    Assert.False(inputInside, $"a folder holding an input was replaced ({s})");
                    Assert.True(File.Exists(Path.Combine(target, "plan.json")));
                }
                if (workingInside && refusal is null)
                {
                    Assert.True(before.Keys.Where(f => Path.Combine(root, f).StartsWith(targetFull, StringComparison.Ordinal)).All(f => owned.Contains(f.Replace('\\', '/'))),
                        $"the working folder's own files were replaced ({s})");
                }
                return true;
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyRuns()).WithQuietOnSuccess(true));
        Assert.True(cases > 0);
    }

    private static int PropertyRuns() => Privc.Tests.Properties.PropertyRunner.Runs(200);

    /// <summary>The bug as reported: `privc compile x.priv --topology t.yaml --out .` in the folder holding them.</summary>
    [Fact]
    public void Compile_OutDot_InTheInputsFolder_RefusesAndLosesNothing()
    {
        var folder = CliRunner.TempFolder();
        var example = Path.Combine(TestPaths.Examples, "hospital-au");
        File.Copy(Path.Combine(example, "hospital.priv"), Path.Combine(folder, "hospital.priv"));
        File.Copy(Path.Combine(example, "topology.yaml"), Path.Combine(folder, "topology.yaml"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        var before = CliRunner.Snapshot(folder);

        foreach (var force in new[] { false, true })
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "privc.dll"), "compile", "hospital.priv", "--topology", "topology.yaml", "--out", "."])
            {
                start.ArgumentList.Add(arg);
            }
            if (force)
            {
                start.ArgumentList.Add("--force");
            }
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();

            Assert.Equal(ExitCodes.InputError, process.ExitCode);
            Assert.Contains("error PRIV0010", error, StringComparison.Ordinal);
            Assert.Contains("nothing was written", error, StringComparison.Ordinal);
            Assert.Equal(before, CliRunner.Snapshot(folder));
        }
    }
}
