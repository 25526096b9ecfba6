using System.Text.Json;
using System.Text.RegularExpressions;

namespace Privc.Certification;

/// <summary>
/// Re-derives the pair bounds of the sum route objectives (specs/encoding.md sections 15.2 and 17) and checks the
/// obligations against them. Each recorded bound must equal what this code finds on the recorded network: for links,
/// the fewest links of a path between the two nodes' devices over the class's allowed devices and usable links
/// (breadth-first, bounds and waypoints ignored); for latency, the largest of the least walk latencies within the hop
/// bound, plain and through each waypoint chain, none when above the latency bound; 0 for two nodes on one device
/// (for latency only when that device alone is a compliant route). Then every constant of the obligations' pair terms
/// (<c>pairs!OBJECTIVE!FLOW</c>) must be the recorded bound of its pair, and every coefficient of the implied linear
/// bounds the sum of the r least bounds of its node, computed here from the re-derived pairs; the pairs recorded must
/// cover every candidate node the obligation declares, and the replica counts its W1 constraints.
/// </summary>
public static partial class RouteFactReplay
{
    private sealed record PairBoundClaim(string Objective, bool Hops, string Flow, string Source, string Target, int SourceReplicas, int TargetReplicas,
        Dictionary<(string From, string To), long?> Pairs);

    private static readonly Regex ProductTerm = new(@"\(ite \(and \|h!([^|!]+)!([^|]+)\| \|h!([^|!]+)!([^|]+)\|\) (\d+) 0\)", RegexOptions.CultureInvariant);
    private static readonly Regex DecidedSide = new(@"\(ite \|h!([^|!]+)!([^|]+)\| ", RegexOptions.CultureInvariant);
    private static readonly Regex ScaledIndicator = new(@"(?:\(\* (\d+) )?\|x!([^|!]+)!([^|]+)\|", RegexOptions.CultureInvariant);
    private static readonly Regex Declared = new(@"^\(declare-const \|x!([^|!]+)!([^|]+)\| Int\)", RegexOptions.CultureInvariant | RegexOptions.Multiline);
    private static readonly Regex Placement = new(@"^\(assert \(=> \|w1!([^|]+)\| \(= .* (\d+)\)\)\)$", RegexOptions.CultureInvariant | RegexOptions.Multiline);
    private static readonly Regex PairsAssertion = new(@"^\(assert \((=|>=) \|pairs!([^|!]+)!([^|]+)\| (.*)\)\)$", RegexOptions.CultureInvariant | RegexOptions.Multiline);

    private static (int Confirmed, int Refuted, string? First) PairBounds(JsonElement root, Network network, Dictionary<int, ClassCondition> classes, IReadOnlyList<string> obligations)
    {
        var claims = new Dictionary<(string Objective, string Flow), PairBoundClaim>();
        int confirmed = 0, refuted = 0;
        string? first = null;
        void Refute(string why)
        {
            refuted++;
            first ??= why;
        }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("pairBounds", out var list))
        {
            var nodes = root.GetProperty("nodes").EnumerateArray().ToDictionary(n => n[0].GetString()!, n => n[1].GetInt32(), StringComparer.Ordinal);
            if (nodes.Values.Any(d => d < 0 || d >= network.Devices.Length))
            {
                throw new FormatException("a node is attached to an unknown device");
            }
            var hopRows = new Dictionary<(int, int), int[]>();
            foreach (var item in list.EnumerateArray())
            {
                var metric = item.GetProperty("metric").GetString();
                if (metric is not ("hops" or "latency"))
                {
                    throw new FormatException($"a pair bound has the metric '{metric}'");
                }
                var id = item.GetProperty("class").GetInt32();
                if (!classes.TryGetValue(id, out var condition))
                {
                    throw new FormatException($"a pair bound names class {id}, which is not recorded");
                }
                var claim = new PairBoundClaim(item.GetProperty("objective").GetString()!, metric == "hops", item.GetProperty("flow").GetString()!,
                    item.GetProperty("source").GetString()!, item.GetProperty("target").GetString()!,
                    item.GetProperty("sourceReplicas").GetInt32(), item.GetProperty("targetReplicas").GetInt32(), new());
                if (!claims.TryAdd((claim.Objective, claim.Flow), claim))
                {
                    throw new FormatException($"the pair bounds of flow '{claim.Flow}' for '{claim.Objective}' are recorded twice");
                }
                foreach (var pair in item.GetProperty("pairs").EnumerateArray())
                {
                    var (from, to) = (pair[0].GetString()!, pair[1].GetString()!);
                    long? bound = pair[2].ValueKind == JsonValueKind.Null ? null : pair[2].GetInt64();
                    if (!nodes.TryGetValue(from, out var a) || !nodes.TryGetValue(to, out var b))
                    {
                        throw new FormatException($"a pair bound of flow '{claim.Flow}' names an unknown node ({from}, {to})");
                    }
                    if (!claim.Pairs.TryAdd((from, to), bound))
                    {
                        throw new FormatException($"the pair ({from}, {to}) of flow '{claim.Flow}' is recorded twice");
                    }
                    var derived = from == to ? 0 : claim.Hops ? FewestLinks(network, condition, a, b, hopRows, id) : LeastLatency(network, condition, a, b);
                    if (derived == bound)
                    {
                        confirmed++;
                    }
                    else
                    {
                        Refute($"flow '{claim.Flow}', {claim.Objective}: the pair ({from}, {to}) is recorded with bound {Show(bound)}, but its least {(claim.Hops ? "number of links" : "latency")} is {Show(derived)}");
                    }
                }
            }
        }
        foreach (var text in obligations)
        {
            var (checkedTerms, problem) = CheckObligation(text, claims);
            confirmed += checkedTerms;
            if (problem is not null)
            {
                Refute(problem);
            }
        }
        return (confirmed, refuted, first);
    }

    /// <summary>
    /// For a certificate without route facts: its obligations must not rest on pair bounds, since none are recorded to
    /// re-derive (a certificate whose answers.json no longer names its route facts is caught here).
    /// </summary>
    public static PairBoundOutcome ReplayPairTermsOnly(IReadOnlyList<string> obligations)
    {
        var (confirmed, refuted, first) = PairBounds(default, new Network([], [], [], [], [], []), [], obligations);
        return new PairBoundOutcome(confirmed, refuted, first);
    }

    private static string Show(long? bound) => bound?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (no compliant route)";

    /// <summary>Checks one obligation's pair terms and linear bounds against the claims; the number of constants checked, or the first mismatch.</summary>
    private static (int Checked, string? Problem) CheckObligation(string text, Dictionary<(string Objective, string Flow), PairBoundClaim> claims)
    {
        var assertions = PairsAssertion.Matches(text);
        if (assertions.Count == 0)
        {
            return (0, null);
        }
        var declared = Declared.Matches(text).GroupBy(m => m.Groups[1].Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(m => m.Groups[2].Value).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var replicas = Placement.Matches(text).GroupBy(m => m.Groups[1].Value, StringComparer.Ordinal)
            .Where(g => g.Select(m => m.Groups[2].Value).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => int.Parse(g.First().Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var count = 0;
        var covered = new HashSet<(string, string)>();
        foreach (Match assertion in assertions)
        {
            var (relation, objective, flow, body) = (assertion.Groups[1].Value, assertion.Groups[2].Value, assertion.Groups[3].Value, assertion.Groups[4].Value);
            if (!claims.TryGetValue((objective, flow), out var claim))
            {
                return (count, $"the obligation bounds flow '{flow}' for '{objective}' by pair constants the certificate does not record");
            }
            if (covered.Add((objective, flow)))
            {
                foreach (var (service, partners) in new[] { (claim.Source, claim.TargetReplicas), (claim.Target, claim.SourceReplicas) })
                {
                    var candidates = claim.Pairs.Keys.Select(p => service == claim.Source ? p.From : p.To).ToHashSet(StringComparer.Ordinal);
                    if (declared.TryGetValue(service, out var nodes) && nodes.FirstOrDefault(n => !candidates.Contains(n)) is { } missing)
                    {
                        return (count, $"flow '{flow}', {objective}: candidate node {missing} of service '{service}' has no recorded pair bound");
                    }
                }
                foreach (var (service, recorded) in new[] { (claim.Source, claim.SourceReplicas), (claim.Target, claim.TargetReplicas) })
                {
                    if (replicas.TryGetValue(service, out var actual) && actual != recorded)
                    {
                        return (count, $"flow '{flow}', {objective}: service '{service}' is recorded with {recorded} replica(s), but the obligation places {actual}");
                    }
                }
            }
            var problem = relation == "=" ? CheckTerm(body, claim, ref count) : CheckLinear(body, claim, ref count);
            if (problem is not null)
            {
                return (count, $"flow '{flow}', {objective}: {problem}");
            }
        }
        return (count, null);
    }

    /// <summary>The flow's term: <c>(ite (and h(s,m) h(t,n)) b 0)</c> per pair, and the single-replica form <c>(ite h(s,m) (+ (* b x(t,n)) ...) 0)</c>.</summary>
    private static string? CheckTerm(string body, PairBoundClaim claim, ref int count)
    {
        foreach (Match term in ProductTerm.Matches(body))
        {
            if (term.Groups[1].Value != claim.Source || term.Groups[3].Value != claim.Target)
            {
                return $"a pair term joins services '{term.Groups[1].Value}' and '{term.Groups[3].Value}'";
            }
            var problem = Compare(claim, term.Groups[2].Value, term.Groups[4].Value, term.Groups[5].Value);
            if (problem is not null)
            {
                return problem;
            }
            count++;
        }
        foreach (Match side in DecidedSide.Matches(body))
        {
            var decided = side.Groups[1].Value;
            var end = Closing(body, side.Index);
            var inner = body[(side.Index + side.Length)..end];
            foreach (Match term in ScaledIndicator.Matches(inner))
            {
                var other = term.Groups[2].Value;
                var (from, to, ok) = decided == claim.Source && other == claim.Target ? (side.Groups[2].Value, term.Groups[3].Value, true)
                    : decided == claim.Target && other == claim.Source ? (term.Groups[3].Value, side.Groups[2].Value, true)
                    : (string.Empty, string.Empty, false);
                if (!ok)
                {
                    return $"a pair term joins services '{decided}' and '{other}'";
                }
                var problem = Compare(claim, from, to, term.Groups[1].Success ? term.Groups[1].Value : "1");
                if (problem is not null)
                {
                    return problem;
                }
                count++;
            }
        }
        return null;
    }

    /// <summary>An implied bound <c>pairs &gt;= sum_m LB(m) * x(side, m)</c>: each coefficient is the sum of m's r least pair bounds.</summary>
    private static string? CheckLinear(string body, PairBoundClaim claim, ref int count)
    {
        foreach (Match term in ScaledIndicator.Matches(body))
        {
            var (service, node) = (term.Groups[2].Value, term.Groups[3].Value);
            var fromSource = service == claim.Source;
            if (!fromSource && service != claim.Target)
            {
                return $"an implied bound names service '{service}'";
            }
            var least = claim.Pairs.Where(p => (fromSource ? p.Key.From : p.Key.To) == node && p.Value is not null)
                .Select(p => p.Value!.Value).Order().Take(fromSource ? claim.TargetReplicas : claim.SourceReplicas).Sum();
            var written = long.Parse(term.Groups[1].Success ? term.Groups[1].Value : "1", System.Globalization.CultureInfo.InvariantCulture);
            if (written != least)
            {
                return $"the implied bound gives node {node} of '{service}' the coefficient {written}, but the sum of its least pair bounds is {least}";
            }
            count++;
        }
        return null;
    }

    private static string? Compare(PairBoundClaim claim, string from, string to, string written)
    {
        if (!claim.Pairs.TryGetValue((from, to), out var bound))
        {
            return $"the pair ({from}, {to}) has a term but no recorded bound";
        }
        var value = long.Parse(written, System.Globalization.CultureInfo.InvariantCulture);
        return bound == value ? null : $"the pair ({from}, {to}) weighs {value} in the obligation, but its bound is {Show(bound)}";
    }

    /// <summary>The index of the parenthesis closing the one opened at <paramref name="open"/>.</summary>
    private static int Closing(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }
        throw new FormatException("an obligation has an unbalanced parenthesis");
    }

    /// <summary>Fewest links from a to b over usable links between allowed devices; none when b cannot be reached.</summary>
    private static long? FewestLinks(Network network, ClassCondition condition, int a, int b, Dictionary<(int, int), int[]> rows, int id)
    {
        if (a == b)
        {
            return 0;
        }
        if (!rows.TryGetValue((id, a), out var hops))
        {
            hops = new int[network.Devices.Length];
            Array.Fill(hops, -1);
            if (condition.Devices[a])
            {
                var queue = new Queue<int>();
                hops[a] = 0;
                queue.Enqueue(a);
                while (queue.TryDequeue(out var device))
                {
                    foreach (var link in network.Outgoing[device])
                    {
                        var next = network.To[link];
                        if (condition.Links[link] && condition.Devices[next] && hops[next] < 0)
                        {
                            hops[next] = hops[device] + 1;
                            queue.Enqueue(next);
                        }
                    }
                }
            }
            rows[(id, a)] = hops;
        }
        return hops[b] < 0 ? null : hops[b];
    }

    /// <summary>A lower bound of the latency of every compliant route from a to b, as section 10 defines it.</summary>
    private static long? LeastLatency(Network network, ClassCondition condition, int a, int b)
    {
        if (a == b)
        {
            return condition.Devices[a] && condition.Chains.All(c => c.Length == 0 || (c.Length == 1 && c[0][a])) ? 0 : null;
        }
        if (!condition.Devices[a] || !condition.Devices[b])
        {
            return null;
        }
        var bound = LeastWalk(network, condition, a, b, null);
        foreach (var chain in condition.Chains.Where(c => c.Length > 0))
        {
            bound = Math.Max(bound, LeastWalk(network, condition, a, b, chain));
        }
        return bound == long.MaxValue || bound > (condition.MaxLatency ?? long.MaxValue - 1) ? null : bound;
    }
}
