using System.Xml.Linq;
using Privc.Topology.Import;

namespace Privc.Tests.Import;

public class JurisdictionsAndNamesTests
{
    [Fact]
    public void Jurisdictions_EveryCountryInTheZooFiles_IsKnown()
    {
        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(ZooFiles.Folder, "*.graphml"))
        {
            var root = XDocument.Load(file).Root!;
            var countryKeys = root.Elements(ns + "key").Where(k => (string?)k.Attribute("attr.name") == "Country").Select(k => (string)k.Attribute("id")!).ToHashSet();
            foreach (var data in root.Descendants(ns + "data").Where(d => countryKeys.Contains((string)d.Attribute("key")!)))
            {
                if (Jurisdictions.CodeOf(data.Value) is null)
                {
                    unknown.Add(data.Value);
                }
            }
        }
        Assert.Empty(unknown);
    }

    [Fact]
    public void Jurisdictions_EuHasTheTwentySevenMemberStates()
    {
        Assert.Equal(27, Jurisdictions.EuMembers.Count);
        string[] members = ["Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czech Republic", "Denmark", "Estonia", "Finland", "France", "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia", "Lithuania", "Luxembourg", "Malta", "Netherlands", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden"];
        Assert.All(members, m => Assert.True(Jurisdictions.IsEu(Jurisdictions.CodeOf(m)!), m));
        Assert.Equal(27, members.Select(m => Jurisdictions.CodeOf(m)).Distinct().Count());
    }

    [Theory]
    [InlineData("Switzerland", "CH")]
    [InlineData("Norway", "NO")]
    [InlineData("United Kingdom", "GB")]
    [InlineData("Ukraine", "UA")]
    [InlineData("Belarus", "BY")]
    [InlineData("Moldova", "MD")]
    [InlineData("Turkey", "TR")]
    [InlineData("Israel", "IL")]
    [InlineData("Russia", "RU")]
    [InlineData("Iceland", "IS")]
    [InlineData("Liechtenstein", "LI")]
    [InlineData("Serbia", "RS")]
    [InlineData("United States", "US")]
    public void Jurisdictions_NonMembers_AreNotEu(string country, string code)
    {
        Assert.Equal(code, Jurisdictions.CodeOf(country));
        Assert.False(Jurisdictions.IsEu(code));
    }

    [Theory]
    [InlineData("  czech   republic ", "CZ")]
    [InlineData("MACEDONIA", "MK")]
    [InlineData("North Macedonia", "MK")]
    [InlineData("Atlantis", null)]
    public void Jurisdictions_Lookup_IgnoresCaseAndSpacing(string name, string? code) =>
        Assert.Equal(code, Jurisdictions.CodeOf(name));

    [Theory]
    [InlineData("Frankfurt am Main", "frankfurt-am-main")]
    [InlineData("Gary?", "gary")]
    [InlineData("  São Paulo / Zürich ", "sao-paulo-zurich")]
    [InlineData("Łódź", "lodz")]
    [InlineData("AT&T", "at-t")]
    [InlineData("!!!", "")]
    public void Slug_LowerCaseDashedAscii(string label, string expected) =>
        Assert.Equal(expected, PrivcNames.Slug(label));

    [Fact]
    public void Slug_LongLabel_TruncatedWithoutTrailingDash()
    {
        var slug = PrivcNames.Slug(new string('a', 39) + " bcd");
        Assert.Equal(new string('a', 39), slug);
    }

    [Fact]
    public void GreatCircle_KnownDistances()
    {
        // London to Paris is about 344 km; a quarter of the equator is about 10,008 km.
        Assert.InRange(GreatCircle.DistanceKm(new GeoPoint(51.5074, -0.1278), new GeoPoint(48.8566, 2.3522)), 340, 348);
        Assert.InRange(GreatCircle.DistanceKm(new GeoPoint(0, 0), new GeoPoint(0, 90)), 10_000, 10_020);
        Assert.Equal(1, GreatCircle.LatencyMicros(0));
        Assert.Equal(1720, GreatCircle.LatencyMicros(343.9));
    }
}
