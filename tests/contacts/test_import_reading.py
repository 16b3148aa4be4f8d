"""Reading an uploaded CSV: encodings, delimiters, quoted newlines and line numbers, files that
are not CSV, and guessing what each column is from its header."""

import codecs
import csv
import io

import pytest
from django.core.exceptions import ValidationError

from contacts.imports.csvfile import csv_read, csv_stream, detect_delimiter, records
from contacts.imports.rows import (
    RowError,
    field_for_header,
    mapping_check,
    mapping_guess,
    person_from_row,
)
from irm.errors import RuleError

TEXT = "Name,Email,City\nZoë Saldaña,zoe@example.test,Málaga\nRenée,renee@example.test,Orléans\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("latin-1"), "cp1252"),
        (TEXT.encode("cp1252"), "cp1252"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "latin-1", "windows-1252", "utf-16-bom"],
)
def test_it_reads_each_encoding_people_save_csv_files_in(raw, encoding):
    csv_file = csv_read(raw)

    assert csv_file.encoding == encoding
    assert csv_file.headers == ["Name", "Email", "City"]
    assert csv_file.rows[0] == (2, ["Zoë Saldaña", "zoe@example.test", "Málaga"])
    assert csv_file.rows[1][1][2] == "Orléans"


def test_the_bom_does_not_stick_to_the_first_header():
    csv_file = csv_read(codecs.BOM_UTF8 + b"Name;Email\r\nAda;ada@example.test\r\n")

    assert csv_file.headers[0] == "Name"
    assert mapping_guess(csv_file.headers)["0"] == "name"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ('Name,Email,Followers\nAda,ada@x.test,"1,200"\nBen,ben@x.test,12k\n', ","),
        ("Name;Email;Followers\nAda;ada@x.test;1,2M\nBen;ben@x.test;98,7K\n", ";"),
        ("Name\tEmail\nAda\tada@x.test\n", "\t"),
    ],
    ids=["comma", "semicolon", "tab"],
)
def test_it_detects_the_delimiter(text, delimiter):
    assert detect_delimiter(text) == delimiter
    assert csv_read(text.encode()).delimiter == delimiter


def test_semicolons_win_when_every_value_has_a_decimal_comma():
    # Sniffer alone may take the comma: the consistent column count decides.
    text = "Name;Followers;Rate\nAda;1,2;3,5\nBen;4,5;6,7\nCy;7,8;9,1\n"

    assert detect_delimiter(text) == ";"


def test_a_single_column_file_reads_as_one_column():
    csv_file = csv_read(b"Name\nAda\nBen\n")

    assert csv_file.headers == ["Name"]
    assert [cells for _, cells in csv_file.rows] == [["Ada"], ["Ben"]]


def test_line_numbers_count_the_physical_lines_of_quoted_newlines_and_blank_lines():
    raw = (
        b"Name,Bio,Email\r\n"
        b'Ada,"Bakes bread\r\nand cakes\r\nin Lyon",ada@x.test\r\n'
        b"\r\n"
        b"Ben,Runs,ben@x.test\r\n"
        b'Cy,"One\nmore",cy@x.test\n'
        b"Dee,,dee@x.test\n"
    )

    csv_file = csv_read(raw)

    assert [line for line, _ in csv_file.rows] == [2, 6, 7, 9]
    assert csv_file.rows[0][1][1] == "Bakes bread\r\nand cakes\r\nin Lyon"


MIXED_ENDINGS = (
    "Name,Bio\r\n"
    'Ada,"Bakes\r\nbread\rand\ncakes"\r'
    "\r\n"
    "Ben,Runs\n"
    "\n"
    "Cy,old Mac\r"
    "Dee,no ending at the end"
)


def test_it_splits_lines_as_python_s_own_io_does_whatever_their_endings():
    reader = csv.reader(io.StringIO(MIXED_ENDINGS, newline=""))
    expected, line = [], 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if any(cell.strip() for cell in cells):
            expected.append((start, cells))

    assert list(records(MIXED_ENDINGS, ",")) == expected
    assert expected[1] == (2, ["Ada", "Bakes\r\nbread\rand\ncakes"])


def test_a_stored_file_read_again_gives_the_rows_it_gave_when_it_came():
    raw = MIXED_ENDINGS.encode("cp1252")
    read = csv_read(raw)

    streamed = csv_stream(raw, encoding=read.encoding, delimiter=read.delimiter)

    assert streamed.headers == read.headers
    assert list(streamed.rows) == read.rows
    assert list(streamed.rows) == []  # an iterator over the file, read once


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n\r\n", "The file is empty."),
        (b"PK\x03\x04\x14\x00\x06\x00binary", "an Excel workbook"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "a PDF document"),
        (bytes(range(256)) * 8, "not text"),
        (b"Name,Email\n", "no rows to import"),
        (b"Ada Stone,ada@example.test\nBen,ben@example.test\n", "looks like data"),
        # A line of empty cells is skipped like a blank line: the data below is no header.
        (b",,\nAda,ada@example.test,\n", "looks like data"),
    ],
    ids=["empty", "blank", "xlsx", "pdf", "binary", "header-only", "no-header", "blank-header"],
)
def test_a_file_that_is_not_a_usable_csv_gets_a_clear_message(raw, message):
    with pytest.raises(RuleError) as error:
        csv_read(raw)

    assert message in error.value.message
    assert error.value.field == "file"


def test_a_quote_that_never_closes_is_reported_with_its_line():
    raw = b'Name,Bio\nAda,"' + b"x" * 140_000 + b"\n"

    with pytest.raises(RuleError) as error:
        csv_read(raw)

    assert "Line 2" in error.value.message


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Name", "name"),
        ("Full name", "name"),
        ("First name", "first_name"),
        ("E-mail", "email"),
        ("Email address", "email"),
        ("Business e-mail", "email"),
        ("Instagram", "instagram_handle"),
        ("IG handle", "instagram_handle"),
        ("IG followers", "instagram_followers"),
        ("Instagram Followers", "instagram_followers"),
        ("TikTok", "tiktok_handle"),
        ("Tik Tok followers", "tiktok_followers"),
        ("YouTube subscribers", "youtube_followers"),
        ("Twitter", "x_handle"),
        ("Followers", "followers"),
        ("Country", "country"),
        ("Languages", "languages"),
        ("Niche", "topics"),
        ("Time zone", "time_zone"),
        ("Agent e-mail", "agent_email"),
        ("Manager", "agent_name"),
        ("Favourite colour", "ignore"),
        # Other tools' exports.
        ("Country/Region", "country"),
        ("E-mail address", "email"),
        ("City", "location"),
        ("Platform", "platform"),
        ("Audience size", "followers"),
        ("IG audience", "instagram_followers"),
        # Where their audience lives is not where they live.
        ("Audience country", "audience_notes"),
        ("Top audience countries", "audience_notes"),
        ("IG audience gender", "audience_notes"),
    ],
)
def test_common_headers_are_recognised(header, field):
    assert field_for_header(header) == field


def test_a_field_guessed_twice_goes_to_the_first_column_only():
    assert mapping_guess(["Name", "Full name", "Email", "E-mail"]) == {
        "0": "name",
        "1": "ignore",
        "2": "email",
        "3": "email",
    }


HEADERS = ["Name", "Email", "IG", "IG followers", "TikTok", "Followers", "Stage", "Country"]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"Name": "ignore", "Email": "ignore", "IG": "ignore", "TikTok": "ignore"}, "their name"),
        ({"IG": "name"}, "“Name” and “IG” are both imported as Name"),
        ({"IG": "ignore"}, "Instagram followers need the column with the Instagram handle"),
        ({"Nope": "name"}, "no column “Nope”"),
        ({"Name": "shoe_size"}, "“shoe_size” is not a field"),
        (["name"], "Give the mapping as {column: field}"),
    ],
)
def test_a_mapping_that_cannot_work_is_refused(mapping, message):
    base = mapping_guess(HEADERS)

    with pytest.raises(RuleError) as error:
        mapping_check(headers=HEADERS, mapping=mapping, base=base)

    assert message in error.value.message


def read(cells: list[str], headers=HEADERS):
    mapping = mapping_check(headers=headers, mapping={}, base=mapping_guess(headers))
    return person_from_row(line=7, cells=cells, headers=headers, mapping=mapping)


def test_a_row_becomes_a_person_with_normalized_values():
    person = read(
        ["  Ada  Stone ", "ADA@Example.test; ada.pro@example.test", "instagram.com/Ada.Bakes/",
         "1.2M", "@ada_tt", "", "engaged", "fr"]
    )  # fmt: skip

    assert person.name == "Ada Stone"
    assert person.emails == ["ada@example.test", "ada.pro@example.test"]
    assert person.accounts == {("instagram", "ada.bakes"): 1_200_000, ("tiktok", "ada_tt"): None}
    # No zone in the file: France has one, so it is guessed (and marked as a guess).
    assert person.profile == {
        "stage": "engaged",
        "country": "FR",
        "time_zone": "Europe/Paris",
        "time_zone_guessed": True,
    }


@pytest.mark.parametrize(
    ("text", "followers"),
    [("1.2M", 1_200_000), ("98,7K", 98_700), ("85 300", 85_300), ("1,200,000", 1_200_000)],
)
def test_follower_counts_read_as_people_write_them(text, followers):
    person = read(["Ada", "", "ada", text, "", "", "", ""])

    assert person.accounts[("instagram", "ada")] == followers


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (["Ada", "", "ada", "-5", "", "", "", ""], "“-5”: followers cannot be negative"),
        (["Ada", "", "ada", "lots", "", "", "", ""], "IG followers “lots” is not a number"),
        (["Ada", "", "ada", "inf", "", "", "", ""], "not a number"),
        (["Ada", "", "ada", "99999999999999", "", "", "", ""], "more followers than anyone"),
        (["Ada", "", "", "12k", "", "", "", ""], "but no Instagram handle"),
        (["Ada", "ada@", "", "", "", "", "", ""], "“ada@” is not an email address"),
        (["Ada", "", "", "", "", "", "famous", ""], "Stage “famous” is not one of"),
        (["Ada", "", "", "", "", "", "", "Narnia"], "“Narnia” is not a country we know"),
        (["", "", "", "", "", "", "engaged", "FR"], "No name, email or handle"),
        (["Ada", "", "", "", "", "", "", "", "oops"], "has 9 values but the file has 8 columns"),
    ],
)
def test_a_value_that_cannot_be_imported_is_a_row_error_with_a_reason(cells, reason):
    with pytest.raises(RowError) as error:
        read(cells)

    assert reason in str(error.value)


def test_missing_cells_at_the_end_of_a_line_read_as_empty():
    person = read(["Ada", "ada@example.test"])

    assert person.name == "Ada"
    assert person.accounts == {}


def test_first_and_last_name_columns_make_the_name():
    headers = ["First name", "Last name", "Email"]

    assert read(["Ada", "Stone", ""], headers=headers).name == "Ada Stone"


def test_languages_time_zones_topics_and_websites_are_read_and_checked():
    headers = ["Name", "Languages", "Time zone", "Topics", "Website"]

    person = read(["Ada", "English, fr / pt-BR", "europe/paris", "Baking; Vegan|baking", "ada.fr"],
                  headers=headers)  # fmt: skip

    assert person.languages == ["en", "fr", "pt-br"]
    assert person.profile["time_zone"] == "Europe/Paris"
    assert person.profile["website"] == "https://ada.fr"
    assert person.topics == ["Baking", "Vegan"]
    with pytest.raises(RowError, match="not a time zone"):
        read(["Ada", "", "Mars/Olympus", "", ""], headers=headers)


# --- a title above the header -----------------------------------------------------------------


def test_a_title_and_blank_lines_above_the_header_are_skipped():
    raw = (
        b"Influencer roster - Spring 2025,,,\n"
        b"Exported on 03/03/2025,,,\n"
        b",,,\n"
        b"Full name,E-mail address,IG handle,Followers\n"
        b"Ada Stone,ada@example.test,ada.bakes,12k\n"
    )

    csv_file = csv_read(raw)

    assert csv_file.headers == ["Full name", "E-mail address", "IG handle", "Followers"]
    assert csv_file.rows == [(5, ["Ada Stone", "ada@example.test", "ada.bakes", "12k"])]


def test_a_header_with_a_few_empty_cells_is_still_the_header():
    csv_file = csv_read(b"Name,,Email,\nAda,x,ada@example.test,y\n")

    assert csv_file.headers == ["Name", "Column 2", "Email", "Column 4"]
    assert [line for line, _ in csv_file.rows] == [2]


# --- countries, zones, audience ----------------------------------------------------------------

PLACES = ["Name", "Country/Region", "City", "Time zone", "Audience country"]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Spain", "ES"),
        ("España", "ES"),
        ("México", "MX"),
        ("Österreich", "AT"),
        ("Deutschland", "DE"),
        ("United States", "US"),
        ("UK", "GB"),
        ("USA", "US"),
        ("fr", "FR"),
        ("DEU", "DE"),
        ("Madrid, Spain", "ES"),
        ("Ελλάδα", "GR"),
    ],
)
def test_countries_become_their_code_whatever_the_language(written, code):
    assert read(["Ada", written, "", "", ""], headers=PLACES).profile["country"] == code


@pytest.mark.parametrize("written", ["日本", "Россия", "★"])
def test_a_country_in_a_script_it_does_not_read_is_refused_not_taken_for_another(written):
    with pytest.raises(RowError, match=f"“{written}” is not a country we know"):
        read(["Ada", "", "", "", "", "", "", written])


def test_a_zone_is_guessed_from_the_city_and_the_country_when_the_file_has_none():
    osaka = read(["Yuki", "Japan", "Osaka", "", ""], headers=PLACES)
    los_angeles = read(["Sam", "United States", "Los Angeles", "", ""], headers=PLACES)
    spain = read(["Lucía", "España", "", "", ""], headers=PLACES)
    us_somewhere = read(["Chris", "US", "", "", ""], headers=PLACES)
    given = read(["Ada", "Japan", "Osaka", "Europe/Paris", ""], headers=PLACES)

    assert (osaka.profile["time_zone"], osaka.profile["time_zone_guessed"]) == ("Asia/Tokyo", True)
    assert los_angeles.profile["time_zone"] == "America/Los_Angeles"
    # One zone for nearly all of Spain; the United States need a city: no guess at all.
    assert spain.profile["time_zone"] == "Europe/Madrid"
    assert "time_zone" not in us_somewhere.profile
    assert (given.profile["time_zone"], given.profile["time_zone_guessed"]) == (
        "Europe/Paris",
        False,
    )


def test_an_audience_country_goes_to_audience_notes_never_to_their_country():
    person = read(["Lucía", "España", "Sevilla", "", "México"], headers=PLACES)

    assert person.profile["country"] == "ES"
    assert person.profile["audience_notes"] == "Audience country: México"


# --- a followers column on a row with several accounts ----------------------------------------

FOLLOWERS = ["Name", "IG handle", "TikTok", "YouTube", "Platform", "Followers"]


@pytest.mark.parametrize(
    ("cells", "account", "how"),
    [
        (
            ["Ada", "ada", "ada_tt", "", "TikTok", "48,2K"],
            ("tiktok", "ada_tt"),
            "named in “Platform”",
        ),
        (["Ada", "", "", "AdaTV", "", "1.2M"], ("youtube", "adatv"), "the row's only account"),
        (["Ada", "ada", "ada_tt", "", "", "15.300"], ("instagram", "ada"), "first handle column"),
        # A platform the row has no handle on: the first handle column, never a rejection.
        (
            ["Ada", "ada", "ada_tt", "", "YouTube", "9k"],
            ("instagram", "ada"),
            "first handle column",
        ),
    ],
    ids=["platform-column", "only-account", "first-column", "platform-without-handle"],
)
def test_followers_go_to_the_platform_named_else_the_only_else_the_first_account(
    cells, account, how
):
    person = read(cells, headers=FOLLOWERS)

    counted = {key: count for key, count in person.accounts.items() if count is not None}
    assert list(counted) == [account]
    assert how in person.followers_to[0]


def test_followers_on_a_row_without_a_handle_are_left_out_not_rejected():
    person = read(["Ada", "", "", "", "Instagram", "12k"], headers=FOLLOWERS)

    assert person.name == "Ada" and person.accounts == {}
    assert person.followers_to == ["left out: the row has no handle"]


def test_a_missing_count_is_unknown_not_zero():
    person = read(["Ada", "ada", "", "", "Instagram", ""], headers=FOLLOWERS)

    assert person.accounts == {("instagram", "ada"): None}


@pytest.mark.parametrize("written", ["-", "\u2013", "\u2014", "n/a", "N/A", "#N/A", "?", "unknown"])
def test_a_count_written_as_not_known_is_unknown_not_a_rejected_row(written):
    own_column = read(["Ada", "", "ada", written, "", "", "", ""])
    followers_column = read(["Ada", "ada", "", "", "Instagram", written], headers=FOLLOWERS)
    without_handle = read(["Ada", "", "", written, "", "", "", ""])

    assert own_column.accounts == {("instagram", "ada"): None}
    assert followers_column.accounts == {("instagram", "ada"): None}
    assert without_handle.accounts == {}


def test_our_own_formula_quote_comes_off_again():
    headers = ["Name", "Phone", "Bio"]

    person = read(["Ada", "'+33 6 12 34 56 78", "'Bakes, in Lyon"], headers=headers)

    assert person.profile["phone"] == "+33 6 12 34 56 78"
    # Only the quote the export adds before a formula character is ours to take off.
    assert person.profile["bio"] == "'Bakes, in Lyon"


@pytest.mark.parametrize(
    ("field", "header", "value"),
    [
        ("name", "Name", "A" * 151),
        ("location", "City", "L" * 121),
        ("phone", "Phone", "1" * 41),
    ],
)
def test_a_text_the_model_would_refuse_is_refused_with_the_model_s_own_words(field, header, value):
    from contacts.models import Influencer

    with pytest.raises(ValidationError) as expected:
        Influencer._meta.get_field(field).clean(value, None)

    with pytest.raises(RowError) as error:
        read(["ada@example.test", value], headers=["Email", header])

    assert " ".join(expected.value.messages) in str(error.value)


def test_a_text_the_model_takes_is_kept_as_it_was():
    person = read(["Ada", "ada@example.test", "L" * 120, "Bakes\nbread"],
                  headers=["Name", "Email", "City", "Bio"])  # fmt: skip

    assert person.profile["location"] == "L" * 120
    assert person.profile["bio"] == "Bakes\nbread"
