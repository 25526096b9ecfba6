using System.Collections.Frozen;

namespace Privc.Topology.Import;

/// <summary>
/// Full English country names (as the Topology Zoo's <c>Country</c> attribute writes them) to ISO 3166-1 alpha-2
/// codes, and which codes are EU member states. Covers every country in the bundled Topology Zoo files, every
/// European country (EU, EEA, EFTA and the rest of the continent), and the other countries Topology Zoo networks
/// commonly reach. Kosovo uses the user-assigned code XK, as the EU and most registries do.
/// </summary>
internal static class Jurisdictions
{
    /// <summary>The 27 member states of the European Union (since 1 February 2020).</summary>
    public static FrozenSet<string> EuMembers { get; } = new[]
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
        "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Codes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        // European Union
        ["Austria"] = "AT", ["Belgium"] = "BE", ["Bulgaria"] = "BG", ["Croatia"] = "HR", ["Cyprus"] = "CY",
        ["Czech Republic"] = "CZ", ["Czechia"] = "CZ", ["Denmark"] = "DK", ["Estonia"] = "EE", ["Finland"] = "FI",
        ["France"] = "FR", ["Germany"] = "DE", ["Greece"] = "GR", ["Hungary"] = "HU", ["Ireland"] = "IE",
        ["Republic of Ireland"] = "IE", ["Italy"] = "IT", ["Latvia"] = "LV", ["Lithuania"] = "LT", ["Luxembourg"] = "LU",
        ["Malta"] = "MT", ["Netherlands"] = "NL", ["The Netherlands"] = "NL", ["Holland"] = "NL", ["Poland"] = "PL",
        ["Portugal"] = "PT", ["Romania"] = "RO", ["Slovakia"] = "SK", ["Slovak Republic"] = "SK", ["Slovenia"] = "SI",
        ["Spain"] = "ES", ["Sweden"] = "SE",

        // EEA and EFTA outside the EU
        ["Iceland"] = "IS", ["Liechtenstein"] = "LI", ["Norway"] = "NO", ["Switzerland"] = "CH",

        // The rest of Europe
        ["Albania"] = "AL", ["Andorra"] = "AD", ["Armenia"] = "AM", ["Azerbaijan"] = "AZ", ["Belarus"] = "BY",
        ["Bosnia and Herzegovina"] = "BA", ["Bosnia"] = "BA", ["Faroe Islands"] = "FO", ["Georgia"] = "GE",
        ["Gibraltar"] = "GI", ["Guernsey"] = "GG", ["Isle of Man"] = "IM", ["Jersey"] = "JE", ["Kosovo"] = "XK",
        ["Macedonia"] = "MK", ["North Macedonia"] = "MK", ["Republic of North Macedonia"] = "MK",
        ["Former Yugoslav Republic of Macedonia"] = "MK", ["Moldova"] = "MD", ["Republic of Moldova"] = "MD",
        ["Monaco"] = "MC", ["Montenegro"] = "ME", ["Russia"] = "RU", ["Russian Federation"] = "RU",
        ["San Marino"] = "SM", ["Serbia"] = "RS", ["Turkey"] = "TR", ["Türkiye"] = "TR", ["Ukraine"] = "UA",
        ["United Kingdom"] = "GB", ["UK"] = "GB", ["Great Britain"] = "GB", ["England"] = "GB", ["Scotland"] = "GB",
        ["Wales"] = "GB", ["Northern Ireland"] = "GB", ["Vatican City"] = "VA", ["Holy See"] = "VA",
        ["Greenland"] = "GL", ["Kazakhstan"] = "KZ",

        // Middle East and Africa
        ["Israel"] = "IL", ["Egypt"] = "EG", ["Jordan"] = "JO", ["Lebanon"] = "LB", ["Saudi Arabia"] = "SA",
        ["United Arab Emirates"] = "AE", ["Qatar"] = "QA", ["Bahrain"] = "BH", ["Kuwait"] = "KW", ["Oman"] = "OM",
        ["Iran"] = "IR", ["Iraq"] = "IQ", ["Syria"] = "SY", ["Palestine"] = "PS", ["Morocco"] = "MA",
        ["Algeria"] = "DZ", ["Tunisia"] = "TN", ["Libya"] = "LY", ["South Africa"] = "ZA", ["Nigeria"] = "NG",
        ["Kenya"] = "KE", ["Ghana"] = "GH", ["Senegal"] = "SN", ["Ethiopia"] = "ET", ["Tanzania"] = "TZ",
        ["Uganda"] = "UG", ["Namibia"] = "NA", ["Botswana"] = "BW", ["Zambia"] = "ZM", ["Zimbabwe"] = "ZW",
        ["Mozambique"] = "MZ", ["Angola"] = "AO", ["Cameroon"] = "CM", ["Ivory Coast"] = "CI", ["Côte d'Ivoire"] = "CI",
        ["Sudan"] = "SD", ["Madagascar"] = "MG", ["Mauritius"] = "MU", ["Rwanda"] = "RW",

        // The Americas
        ["United States"] = "US", ["United States of America"] = "US", ["USA"] = "US", ["Canada"] = "CA",
        ["Mexico"] = "MX", ["Brazil"] = "BR", ["Argentina"] = "AR", ["Chile"] = "CL", ["Colombia"] = "CO",
        ["Peru"] = "PE", ["Venezuela"] = "VE", ["Ecuador"] = "EC", ["Bolivia"] = "BO", ["Uruguay"] = "UY",
        ["Paraguay"] = "PY", ["Panama"] = "PA", ["Costa Rica"] = "CR", ["Guatemala"] = "GT", ["Honduras"] = "HN",
        ["El Salvador"] = "SV", ["Nicaragua"] = "NI", ["Cuba"] = "CU", ["Dominican Republic"] = "DO",
        ["Puerto Rico"] = "PR", ["Jamaica"] = "JM", ["Trinidad and Tobago"] = "TT", ["Bahamas"] = "BS",
        ["Barbados"] = "BB", ["Haiti"] = "HT", ["Bermuda"] = "BM", ["Cayman Islands"] = "KY",

        // Asia and Oceania
        ["China"] = "CN", ["Hong Kong"] = "HK", ["Taiwan"] = "TW", ["Japan"] = "JP", ["South Korea"] = "KR",
        ["Korea"] = "KR", ["Republic of Korea"] = "KR", ["North Korea"] = "KP", ["India"] = "IN", ["Pakistan"] = "PK",
        ["Bangladesh"] = "BD", ["Sri Lanka"] = "LK", ["Nepal"] = "NP", ["Singapore"] = "SG", ["Malaysia"] = "MY",
        ["Indonesia"] = "ID", ["Thailand"] = "TH", ["Vietnam"] = "VN", ["Viet Nam"] = "VN", ["Philippines"] = "PH",
        ["Cambodia"] = "KH", ["Mongolia"] = "MN", ["Uzbekistan"] = "UZ", ["Kyrgyzstan"] = "KG", ["Tajikistan"] = "TJ",
        ["Turkmenistan"] = "TM", ["Afghanistan"] = "AF", ["Australia"] = "AU", ["New Zealand"] = "NZ", ["Fiji"] = "FJ",
        ["Papua New Guinea"] = "PG", ["Guam"] = "GU",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every country name the table knows, for suggestions.</summary>
    public static IEnumerable<string> KnownNames => Codes.Keys.Order(StringComparer.Ordinal);

    /// <summary>The ISO 3166-1 alpha-2 code of a country name (case and surrounding space ignored), or null.</summary>
    public static string? CodeOf(string countryName)
    {
        var normalized = string.Join(' ', countryName.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return Codes.GetValueOrDefault(normalized);
    }

    public static bool IsEu(string code) => EuMembers.Contains(code);
}
