using System.Security.Cryptography;
using System.Text;
using Privc.Text;
using Privc.Semantics;
using Privc.Verification;

namespace Privc.Artifacts.Emit;

/// <summary>
/// The certificate/ folder: every SMT-LIB2 obligation behind the verdict (replayable with any SMT-LIB2 solver),
/// the answers the solver gave, and the independent checker's verdict. Its digest is stamped on emitted objects.
/// </summary>
public static class CertificateWriter
{
    /// <summary>The decomposed solver's route facts, when its obligations assert any.</summary>
    public const string RouteFactsFile = "certificate/route-facts.json";

    public static OutputBundle Add(OutputBundle bundle, VerificationResult result, string checkerVerdictJson)
    {
        var index = 1;
        var answers = new List<(string Name, string File, string Purpose, string Expected, string Answer)>();
        foreach (var obligation in result.Obligations)
        {
            var file = $"certificate/obligations/{index++:00}-{obligation.Name}.smt2";
            var header = new StringBuilder()
                .Append("; privc obligation: ").Append(obligation.Name).Append('\n')
                .Append("; claim: ").Append(obligation.Purpose).Append('\n')
                .Append("; expected answer: ").Append(obligation.Expected).Append('\n')
                .Append("; replay: z3 -smt2 ").Append(Path.GetFileName(file)).Append('\n');
            bundle = bundle.With(file, header + obligation.Script);
            answers.Add((obligation.Name, file["certificate/".Length..], obligation.Purpose, obligation.Expected, obligation.Answer));
        }
        if (result.RouteFacts is { } facts)
        {
            bundle = bundle.With(RouteFactsFile, facts);
        }
        bundle = bundle.With("certificate/answers.json", JsonText.Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("solver", result.SolverName);
            if (result.RouteFacts is not null)
            {
                // The static facts the obligations assert; privc certify re-derives each one (specs/encoding.md section 17).
                json.WriteString("routeFacts", RouteFactsFile["certificate/".Length..]);
            }
            json.WriteStartArray("obligations");
            foreach (var a in answers)
            {
                json.WriteStartObject();
                json.WriteString("name", a.Name);
                json.WriteString("file", a.File);
                json.WriteString("claim", a.Purpose);
                json.WriteString("expected", a.Expected);
                json.WriteString("answer", a.Answer);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }));
        bundle = bundle.With("certificate/checker.json", checkerVerdictJson);
        return bundle;
    }

    /// <summary>
    /// SHA-256 over the proof, in path order: the obligations, the solver's answers, the checker's verdict and the
    /// plan, and the fast-failover groups of a resilient plan (onos/groups.json: they cite nothing, so they can be
    /// covered, and what they do under a failure is part of what compile re-checked). Emitted objects cite it; the
    /// other files added after stamping (the artifacts that cite it and their re-check) are not covered.
    /// </summary>
    public static string Digest(OutputBundle bundle)
    {
        using var sha = SHA256.Create();
        foreach (var (path, content) in bundle.Files.Where(f => IsDigested(f.Key)))
        {
            var bytes = Encoding.UTF8.GetBytes(path + "\n" + content + "\n");
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return "sha256:" + Convert.ToHexString(sha.Hash!).ToLowerInvariant();
    }

    private static bool IsDigested(string path) =>
        path == "plan.json" || path == "certificate/answers.json" || path == "certificate/checker.json" || path == RouteFactsFile || path == Onos.OnosEmitter.GroupsPath
        || path.StartsWith("certificate/obligations/", StringComparison.Ordinal);
}
