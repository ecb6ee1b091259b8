"""Generate `schema/places.csv` from the division table shipped with `cpca`.

Run once, by hand, when the place list needs refreshing:

    .venv/bin/python scripts/make_places.py

Source: `cpca` 0.5.5 (https://github.com/DQinYuan/chinese_province_city_area_mapper,
MIT licence), file `cpca/resources/adcodes.csv` — 12-digit administrative
codes with names and GCJ coordinates, a snapshot of the national division
list from about 2016 (梁平县 is still a county, 莱芜市 still a prefecture).
Ethnic-group names for short forms come from `cpca/resources/56_nations.csv`.
Only the CSV output is committed; cpca is not a runtime dependency.

Quirks of the source, and what the output does with them:
- Municipalities (北京 天津 上海 重庆) have pseudo prefectures `110100 市辖区`
  and `500200 县`: dropped; their districts and counties hang directly under
  the municipality, with `prefecture` empty (崇明区 310151 -> 上海市).
- Province-administered county-level cities sit under a pseudo prefecture
  `419000 省直辖县级行政区划`: dropped; 济源市 (419001), 仙桃市, 五指山市 …
  are `county` rows whose parent is the province and whose prefecture is
  empty. Plans treat 济源 as a prefecture-level city; `extract/entities/places.py`
  reports such cities as prefectures in `jurisdiction_of`, the data keeps
  what the source says.
- Prefecture cities without counties (东莞市 441900, 中山市, 儋州市) are
  plain `prefecture` rows with no children.
- `xx01 市辖区` pseudo counties of ordinary prefectures: dropped.
- A few divisions abolished before the snapshot (邯郸县, 江东区) have no
  coordinates; their latitude and longitude are empty.

`province` and `prefecture` name the row's own province and prefecture, so a
prefecture row names itself (`341300,宿州市,prefecture,…,安徽省,宿州市`).

`short_name` is the name without its administrative suffix (`崇明区` ->
`崇明`, `浦东新区` -> `浦东`, `黔南布依族苗族自治州` -> `黔南`), empty where
that would leave one character (`沛县`). Whether a short form is unambiguous
is decided by the loader, which sees all of them.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import cpca

RESOURCES = Path(cpca.__file__).parent / "resources"
OUT = Path(__file__).resolve().parent.parent / "schema" / "places.csv"
COLUMNS = ["admin_code", "name", "level", "parent_code", "province", "prefecture",
           "latitude", "longitude", "short_name"]

MUNICIPALITIES = {"11", "12", "31", "50"}
# Pseudo divisions that group real ones: `110100 市辖区`, `500200 县`,
# `419000 省直辖县级行政区划`, `659000 自治区直辖县级行政区划`.
PSEUDO_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Administrative suffixes, longest first: `浦东新区` -> `浦东`, `神农架林区` -> `神农架`.
SUFFIX = re.compile(r"(特别行政区|自治区|自治州|自治县|自治旗|新区|林区|地区|省|市|区|县|旗|盟)$")


def short_name(name: str, ethnic_groups: list[str]) -> str:
    """`黔南布依族苗族自治州` -> `黔南`; `沛县` -> `` (one character is no name)."""
    stem = SUFFIX.sub("", name)
    if name.endswith(("自治区", "自治州", "自治县", "自治旗")):
        changed = True
        while changed:
            changed = False
            for group in ethnic_groups:   # longest first: 柯尔克孜族 before 克族-like tails
                if stem.endswith(group) and len(stem) > len(group):
                    stem = stem[: -len(group)]
                    changed = True
                    break
    return stem if len(stem) >= 2 else ""


def main() -> int:
    ethnic_groups = [line.strip() for line in
                     (RESOURCES / "56_nations.csv").read_text(encoding="utf-8").splitlines()
                     if line.strip()]
    ethnic_groups.sort(key=len, reverse=True)
    raw = {}
    with open(RESOURCES / "adcodes.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            raw[row["adcode"][:6]] = row

    names = {code: row["name"] for code, row in raw.items()}
    rows = []
    for code, row in sorted(raw.items()):
        name = row["name"]
        if name in PSEUDO_NAMES:
            continue
        province_code = code[:2] + "0000"
        prefecture_code = code[:4] + "00"
        if code == province_code:
            level, parent, prefecture = "province", "", ""
        elif code == prefecture_code and code[:2] not in MUNICIPALITIES:
            level, parent, prefecture = "prefecture", province_code, name
        elif code[:2] in MUNICIPALITIES or names.get(prefecture_code) in PSEUDO_NAMES \
                or prefecture_code not in names:
            level, parent, prefecture = "county", province_code, ""
        else:
            level, parent, prefecture = "county", prefecture_code, names[prefecture_code]
        rows.append({
            "admin_code": code, "name": name, "level": level, "parent_code": parent,
            "province": names[province_code], "prefecture": prefecture,
            "latitude": row["latitude"], "longitude": row["longitude"],
            "short_name": short_name(name, ethnic_groups),
        })
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} places -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
