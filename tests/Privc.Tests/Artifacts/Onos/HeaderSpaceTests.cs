using Privc.Artifacts.Onos;

namespace Privc.Tests.Artifacts.Onos;

/// <summary>
/// The header-space algebra against brute force: random ternary matches over a few bits of several fields (so that
/// every header of that small space can be enumerated), combined by intersection, union and difference, must hold
/// exactly the headers the same operations on explicit sets give.
/// </summary>
public class HeaderSpaceTests
{
    /// <summary>Two bits each of IP protocol, transport source and destination port, VLAN and Ethernet source: 10 bits, 1,024 headers.</summary>
    private static readonly (HeaderField Field, int Shift)[] Bits =
    [
        (HeaderField.IpProtocol, 0), (HeaderField.IpProtocol, 7),
        (HeaderField.TransportSource, 0), (HeaderField.TransportSource, 15),
        (HeaderField.TransportDestination, 3), (HeaderField.TransportDestination, 8),
        (HeaderField.Vlan, 12), (HeaderField.Vlan, 0),
        (HeaderField.EthernetSource, 47), (HeaderField.EthernetSource, 0),
    ];

    /// <summary>The cube whose small-space bits in <paramref name="care"/> are fixed to <paramref name="value"/>, the others open; every bit outside the small space is 0.</summary>
    private static Cube SmallCube(int care, int value)
    {
        var cube = Cube.All;
        foreach (var field in Enum.GetValues<HeaderField>())
        {
            var (open, ones) = (0UL, 0UL);
            for (var i = 0; i < Bits.Length; i++)
            {
                if (Bits[i].Field == field)
                {
                    open |= (care >> i & 1) == 0 ? 1UL << Bits[i].Shift : 0;
                    ones |= (value >> i & 1) != 0 ? 1UL << Bits[i].Shift : 0;
                }
            }
            cube = cube.With(field, ones, HeaderFields.Mask(field) & ~open)!.Value;
        }
        return cube;
    }

    private const int AllBits = (1 << 10) - 1;

    private static Cube Point(int header) => SmallCube(AllBits, header);

    private static (Cube Cube, HashSet<int> Headers) RandomCube(Random random)
    {
        var (care, value) = (0, 0);
        for (var i = 0; i < Bits.Length; i++)
        {
            var choice = random.Next(3);
            if (choice < 2)
            {
                care |= 1 << i;
                value |= choice << i;
            }
        }
        return (SmallCube(care, value), Enumerable.Range(0, 1 << Bits.Length).Where(h => (h & care) == value).ToHashSet());
    }

    private static HashSet<int> Members(HeaderSet set) =>
        Enumerable.Range(0, 1 << Bits.Length).Where(h => set.Space.Contains(set.Node, Points[h])).ToHashSet();

    private static readonly Cube[] Points = Enumerable.Range(0, 1 << Bits.Length).Select(Point).ToArray();

    [Fact]
    public void RandomMatches_IntersectUnionSubtract_AgreeWithExplicitSets()
    {
        var random = new Random(12);
        for (var round = 0; round < 30; round++)
        {
            var space = new HeaderBdd(1_000_000);
            var set = HeaderSet.Of(space, [RandomCube(random).Cube]);
            var expected = Members(set);
            for (var step = 0; step < 8; step++)
            {
                var (cube, headers) = RandomCube(random);
                switch (random.Next(3))
                {
                    case 0:
                        set = set.Intersect(cube);
                        expected.IntersectWith(headers);
                        break;
                    case 1:
                        set = set.Union(HeaderSet.Of(space, [cube]));
                        expected.UnionWith(headers);
                        break;
                    default:
                        set = set.Subtract(cube);
                        expected.ExceptWith(headers);
                        break;
                }
                Assert.Equal(expected.Order(), Members(set).Order());
                Assert.Equal(expected.Count == 0, set.IsEmpty);
                // Every bit outside the small space is fixed to 0, so the count is exact too.
                Assert.Equal(expected.Count * Math.Pow(2, 32), set.Weight); // the 32 unused bits (above the MAC addresses) stay open
                if (!set.IsEmpty)
                {
                    Assert.Contains(Members(HeaderSet.Of(space, [space.AnyCube(set.Node)])).First(), expected);
                }
            }
        }
    }

    [Fact]
    public void Cube_WithConflictingBits_IsEmptyIntersection()
    {
        var tcp = Cube.All.With(HeaderField.IpProtocol, 6)!.Value;
        Assert.Null(tcp.With(HeaderField.IpProtocol, 17));
        Assert.Null(tcp.Intersect(Cube.All.With(HeaderField.IpProtocol, 1)!.Value));
        var prefix = Cube.All.With(HeaderField.Ipv4Destination, 0x0a000000, 0xff000000)!.Value; // 10.0.0.0/8
        Assert.True(Cube.All.With(HeaderField.Ipv4Destination, 0x0a000401)!.Value.IsSubsetOf(prefix));
        Assert.False(Cube.All.With(HeaderField.Ipv4Destination, 0x0b000401)!.Value.IsSubsetOf(prefix));
    }

    [Fact]
    public void Count_OfPortRangeDifference_IsExact()
    {
        var space = new HeaderBdd(100_000);
        var all = HeaderSet.Of(space, [Cube.All]);
        // Every header except TCP source ports 0x8000-0xffff (a masked match): exactly 1 - 2^-9 of all headers.
        var upper = Cube.All.With(HeaderField.IpProtocol, 6)!.Value.With(HeaderField.TransportSource, 0x8000, 0x8000)!.Value;
        var rest = all.Subtract(upper);
        Assert.Equal(Math.Pow(2, 256) * (1 - Math.Pow(2, -9)), rest.Weight, Math.Pow(2, 200));
        // Subtracting 300 single TCP source ports leaves exactly 300 * 2^(256 - 24) headers fewer.
        var ports = all;
        for (var port = 40000UL; port < 40300; port++)
        {
            ports = ports.Subtract(Cube.All.With(HeaderField.IpProtocol, 6)!.Value.With(HeaderField.TransportSource, port)!.Value);
        }
        Assert.Equal(Math.Pow(2, 256) - (300 * Math.Pow(2, 232)), ports.Weight, Math.Pow(2, 200));
        Assert.True(space.NodeCount < 20_000, $"{space.NodeCount} nodes");
    }

    [Fact]
    public void Budget_TooManyNodes_Throws()
    {
        var space = new HeaderBdd(64);
        Assert.Throws<HeaderSpaceExhaustedException>(() =>
        {
            var set = HeaderSet.Of(space, [Cube.All]);
            for (var port = 0UL; port < 100; port++)
            {
                set = set.Subtract(Cube.All.With(HeaderField.TransportSource, port * 7)!.Value);
            }
        });
    }

    [Fact]
    public void Witness_PrefersAnUntaggedTcpPacketWithAnEphemeralClientPort()
    {
        var space = new HeaderBdd(100_000);
        var flow = Cube.All.With(HeaderField.Ipv4Source, 0x0a000001)!.Value.With(HeaderField.Ipv4Destination, 0x0a000401)!.Value;
        var set = HeaderSet.Of(space, [flow]);
        Assert.Equal("TCP 10.0.0.1:49152 -> 10.0.4.1:49152, untagged", PacketText.Describe(set));
        // Only VLAN 100, UDP, source ports below 1024: the witness says so.
        var narrow = set.Intersect(Cube.All.With(HeaderField.Vlan, HeaderFields.VlanTagged | 100)!.Value.With(HeaderField.IpProtocol, 17)!.Value.With(HeaderField.TransportSource, 0, 0xfc00)!.Value);
        Assert.Equal("UDP 10.0.0.1:0 -> 10.0.4.1:49152, VLAN 100 priority 0", PacketText.Describe(narrow));
    }
}
