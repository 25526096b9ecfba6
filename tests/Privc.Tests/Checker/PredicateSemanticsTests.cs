using System.Collections.Immutable;
using Privc.Checking;
using Privc.Semantics;
using Privc.Syntax;
using Privc.Topology;
using Privc.TypeSystem;

namespace Privc.Tests.Checker;

/// <summary>[[P]](x) of specs/semantics.md section 2, on hand-built attribute maps.</summary>
public class PredicateSemanticsTests
{
    private static readonly ImmutableSortedDictionary<string, AttributeValue> Element = new Dictionary<string, AttributeValue>
    {
        ["trust"] = new AttributeValue.Level("medium", 2),
        ["cost"] = new AttributeValue.Number(1.50m),
        ["latency"] = new AttributeValue.Measure(new Quantity(Dimension.Latency, 2000)),
        ["tee"] = new AttributeValue.Flag(false),
        ["encrypted"] = new AttributeValue.Flag(true),
        ["country"] = new AttributeValue.Text("AU"),
    }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    private static bool Holds(Predicate p) => PredicateSemantics.Value(p, Element) == true;

    private static bool? Value(Predicate p) => PredicateSemantics.Value(p, Element);

    private static Predicate Compare(string key, ComparisonOperator op, AttributeValue value) => new Predicate.Compare(key, op, value);

    private static Predicate Member(string key, bool negated, params AttributeValue[] values) => new Predicate.Member(key, [.. values], negated);

    [Fact]
    public void Level_ComparesByRankNotByName()
    {
        Assert.True(Holds(Compare("trust", ComparisonOperator.Less, new AttributeValue.Level("high", 3))));
        Assert.False(Holds(Compare("trust", ComparisonOperator.Less, new AttributeValue.Level("low", 1))));
        Assert.True(Holds(Compare("trust", ComparisonOperator.GreaterOrEqual, new AttributeValue.Level("medium", 2))));
        Assert.False(Holds(Compare("trust", ComparisonOperator.Greater, new AttributeValue.Level("medium", 2))));
    }

    [Fact]
    public void Number_ComparesNumerically_AndMembershipIgnoresTrailingZeros()
    {
        Assert.True(Holds(Compare("cost", ComparisonOperator.LessOrEqual, new AttributeValue.Number(1.5m))));
        Assert.True(Holds(Compare("cost", ComparisonOperator.Greater, new AttributeValue.Number(1.25m))));
        Assert.True(Holds(Member("cost", false, new AttributeValue.Number(1.5m))));
        Assert.False(Holds(Member("cost", true, new AttributeValue.Number(1.5m))));
    }

    [Fact]
    public void Measure_ComparesWithinItsDimensionOnly()
    {
        Assert.True(Holds(Compare("latency", ComparisonOperator.Less, new AttributeValue.Measure(new Quantity(Dimension.Latency, 2001)))));
        Assert.False(Holds(Compare("latency", ComparisonOperator.Less, new AttributeValue.Measure(new Quantity(Dimension.Latency, 2000)))));
        Assert.False(Holds(Compare("latency", ComparisonOperator.Less, new AttributeValue.Measure(new Quantity(Dimension.Bandwidth, 5000)))));
    }

    [Fact]
    public void Flag_IsTrueOnlyForAPresentTrueValue()
    {
        Assert.True(Holds(new Predicate.Flag("encrypted")));
        Assert.False(Holds(new Predicate.Flag("tee")));
        Assert.False(Holds(new Predicate.Flag("missing")));
        Assert.Null(Value(new Predicate.Not(new Predicate.Flag("missing"))));
    }

    [Fact]
    public void MissingKey_MakesEveryAtomicTestUnknown_AndNotKeepsItUnknown()
    {
        var au = new AttributeValue.Text("AU");
        Assert.Null(Value(Member("jurisdiction", false, au)));
        Assert.Null(Value(Member("jurisdiction", true, au)));
        Assert.Null(Value(Compare("rank", ComparisonOperator.GreaterOrEqual, new AttributeValue.Number(0))));
        Assert.Null(Value(Compare("rank", ComparisonOperator.NotEqual, new AttributeValue.Number(0))));
        Assert.Null(Value(new Predicate.Not(Member("jurisdiction", false, au))));
        Assert.False(Holds(new Predicate.Not(Member("jurisdiction", false, au))));
    }

    [Fact]
    public void Unknown_FollowsKleeneLogic()
    {
        var unknown = new Predicate.Flag("missing");
        Assert.Equal(false, Value(new Predicate.And(unknown, Predicate.False)));
        Assert.Null(Value(new Predicate.And(unknown, Predicate.True)));
        Assert.Equal(true, Value(new Predicate.Or(unknown, Predicate.True)));
        Assert.Null(Value(new Predicate.Or(unknown, Predicate.False)));
        Assert.Null(Value(new Predicate.Or(unknown, new Predicate.Not(unknown))));
    }

    [Fact]
    public void Text_MembershipIsExact()
    {
        Assert.True(Holds(Member("country", false, new AttributeValue.Text("NZ"), new AttributeValue.Text("AU"))));
        Assert.False(Holds(Member("country", false, new AttributeValue.Text("au"))));
        Assert.True(Holds(Member("country", true, new AttributeValue.Text("NZ"))));
    }

    [Fact]
    public void Connectives_FollowBooleanLogic()
    {
        var t = Predicate.True;
        var f = Predicate.False;
        Assert.True(Holds(new Predicate.Or(f, t)));
        Assert.False(Holds(new Predicate.And(t, f)));
        Assert.True(Holds(new Predicate.Not(new Predicate.And(t, f))));
    }
}
