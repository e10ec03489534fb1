"""Write the notebooks from the cells below, without outputs.

Run ``python notebooks/make_notebooks.py`` after editing a cell.

Keeping the cells in a script keeps the notebooks reviewable as code; the tests
execute the written ``.ipynb`` files top to bottom, offline.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

QUICKSTART = [
    new_markdown_cell(
        "# Frontline quick start\n\n"
        "Build the embedded example (Ukraine and Russia's Kursk region, 2024-08-31 to "
        "2024-11-02), open its layers with geopandas, plot a day, and read the statistics. "
        "Everything runs offline."),
    new_code_cell(
        "import tempfile\n"
        "from pathlib import Path\n\n"
        "from frontline.layers import build, demo_scenario_path\n\n"
        "out = Path(tempfile.mkdtemp()) / 'demo'\n"
        "result = build(demo_scenario_path(), out, tiles='none')\n"
        "result.gpkg, result.map, result.raster"),
    new_markdown_cell("## The layers\n\nEvery layer is in EPSG:4326; areas are km² in the "
                      "theatre's equal-area projection."),
    new_code_cell(
        "import geopandas as gpd\n\n"
        "control = gpd.read_file(result.gpkg, layer='control')\n"
        "gains = gpd.read_file(result.gpkg, layer='gains')\n"
        "reports = gpd.read_file(result.gpkg, layer='reports')\n"
        "control[['date', 'side', 'area_km2', 'area_ua_km2', 'area_ru_km2']].head()"),
    new_code_cell(
        "gains.groupby(['side', 'cause'])['area_km2'].sum().round(1)"),
    new_code_cell(
        "reports[['id', 'kind', 'side', 'date', 'place', 'place_as_reported', 'source_title']]"),
    new_markdown_cell("## A day on a map\n\nThe day Selydove fell, with that day's gains."),
    new_code_cell(
        "import matplotlib.pyplot as plt\n\n"
        "day = '2024-10-27'\n"
        "on_day = control[control['date'].astype(str).str.startswith(day)]\n"
        "fig, ax = plt.subplots(figsize=(8, 6))\n"
        "on_day.plot(ax=ax, color=on_day['colour'], alpha=0.5)\n"
        "gains[gains['date'].astype(str).str.startswith(day)].plot(ax=ax, color='black')\n"
        "ax.set_xlim(36.5, 38.5)\n"
        "ax.set_ylim(47.5, 48.8)\n"
        "ax.set_title(day)\n"
        "held = on_day.set_index('side')['area_ua_km2'].round(0).to_dict()\n"
        "held"),
    new_markdown_cell("## Statistics\n\nModelled km²/day per month beside the reported rate."),
    new_code_cell(
        "import pandas as pd\n\n"
        "from frontline.layers.stats import area_stats\n\n"
        "stats = pd.DataFrame(area_stats(result.gpkg, by='month'))\n"
        "september = stats[(stats.period == '2024-09') & (stats.side == 'RU') & "
        "(stats.country == 'UA')]\n"
        "assert abs(september.km2_per_day.iloc[0] - 14) < 0.1\n"
        "stats[['period', 'side', 'country', 'change_km2', 'km2_per_day', "
        "'reported_km2_per_day']]"),
    new_markdown_cell("By admin-1 region (oblast): the area each side holds in each, and its "
                      "share of the region (regions drawn from the gazetteer's places)."),
    new_code_cell(
        "from frontline.layers.stats import region_stats\n\n"
        "regions = pd.DataFrame(region_stats(result.gpkg, by='period'))\n"
        "columns = ['side', 'region', 'region_km2', 'start_km2', 'end_km2', 'share_end']\n"
        "regions[regions.end_km2 > 100][columns]"),
]

OWN = [
    new_markdown_cell(
        "# Your own scenario\n\n"
        "Write a small scenario from scratch, validate it, fix what the validation finds, "
        "build it and map it."),
    new_code_cell(
        "import tempfile\n"
        "from pathlib import Path\n\n"
        "folder = Path(tempfile.mkdtemp())\n"
        "scenario = folder / 'toretsk.yaml'\n"
        "text = '''\n"
        "name: Toretsk, summer 2024\n"
        "theatre: {countries: [UA, RU], margin_km: 40}\n"
        "period: {start: 2024-06-01, end: 2024-06-30}\n"
        "sides:\n"
        "  - {id: RU, name: Russia, colour: '#c0392b', country: RU}\n"
        "  - {id: UA, name: Ukraine, colour: '#1f5fa8', country: UA}\n"
        "baseline:\n"
        "  settlements:\n"
        "    - {name: Toretsk, oblast: Donetsk oblast, side: UA}\n"
        "    - {name: Niu-York, oblast: Donetsk oblast, side: UA}\n"
        "    - {name: Horlivka, oblast: Donetsk oblast, side: RU}\n"
        "    - {name: Kostiantynivka, oblast: Donetsk oblast, side: UA}\n"
        "    - {name: Bakhmut, oblast: Donetsk oblast, side: RU}\n"
        "    - {name: Chasiv Yar, oblast: Donetsk oblast, side: UA}\n"
        "    - {name: Donetsk, oblast: Donetsk oblast, side: RU}\n"
        "    - {name: Yasynuvata, oblast: Donetsk oblast, side: RU}\n"
        "reports:\n"
        "  - id: rate-june\n"
        "    kind: advance_rate\n"
        "    side: RU\n"
        "    start: 2024-06-01\n"
        "    end: 2024-06-30\n"
        "    rate_km2_per_day: 2\n"
        "    toward: [Toretsk]\n"
        "    source: {title: A made-up rate for this example}\n"
        "  - id: capture\n"
        "    kind: capture\n"
        "    side: RU\n"
        "    place: Pivnichno\n"
        "    date: 2024-06-20\n"
        "    source: {title: A made-up capture for this example}\n"
        "'''\n"
        "scenario.write_text(text, encoding='utf-8')"),
    new_markdown_cell("## Validate\n\nEvery problem comes back at once, with its line and field."),
    new_code_cell(
        "from frontline.errors import ScenarioError\n"
        "from frontline.scenario import load_scenario\n\n"
        "try:\n"
        "    load_scenario(scenario)\n"
        "except ScenarioError as error:\n"
        "    problems = error.problems\n"
        "for p in problems:\n"
        "    print(p)\n"
        "assert any(p.field == 'reports[1].place' for p in problems)"),
    new_markdown_cell(
        "'Pivnichno' is a typo, and the message suggests Pivnichne (Donetska oblast). A real "
        "village of fewer than 500 people would be missing too: add those with "
        "`frontline gazetteer import`."),
    new_code_cell(
        "scenario.write_text(text.replace('place: Pivnichno', 'place: Pivnichne'), "
        "encoding='utf-8')\n"
        "sc = load_scenario(scenario)\n"
        "[(r.id, r.place.label() if r.place else None) for r in sc.reports]"),
    new_markdown_cell("## Build and map"),
    new_code_cell(
        "from frontline.layers import build\n\n"
        "result = build(scenario, folder / 'out', tiles='none')\n"
        "# the rate's ground: its advance, the pockets it closed in and the place captured on "
        "its way\n"
        "june = sum(result.timeline.gained_km2('RU', sc.start, sc.end, cause=cause)\n"
        "           for cause in ('advance_rate', 'encircled', 'capture'))\n"
        "# June's 60 km², unless the capture alone took more than was left of it (a note says so)\n"
        "assert june > 60 - 0.3 and (abs(june - 60) < 0.3 or result.timeline.notes)\n"
        "round(june, 2), result.timeline.notes, result.map.name, "
        "result.map.stat().st_size > 10_000"),
]

NEWS = [
    new_markdown_cell(
        "# From news text to the map\n\n"
        "Find reports in an article with `frontline extract`'s Python API, review each against "
        "the sentence it came from, add the good ones to a copy of the example scenario, and "
        "rebuild. Everything runs offline."),
    new_code_cell(
        "import datetime as dt\n\n"
        "from frontline.news.articles import Article\n"
        "from frontline.news.extract import Extractor\n\n"
        "text = (\n"
        "    'Russia says its forces have taken Hirnyk\\n\\n'\n"
        "    \"KYIV, Oct 28 (Reuters) - Russia's defence ministry said on Monday \"\n"
        "    'its forces had captured the village of Hirnyk in the eastern Donetsk region. '\n"
        "    \"Ukraine's military did not comment.\\n\\n\"\n"
        "    'Kyiv denied that Russian troops had captured Kurakhove. North Korea could send '\n"
        "    'more soldiers to the Kursk region, officials said.')\n\n"
        "article = Article('reuters-1028', text, dt.date(2024, 10, 28),\n"
        "                  title='Russia says its forces have taken Hirnyk',\n"
        "                  url='https://www.reuters.com/example', publisher='Reuters')\n"
        "found = Extractor().extract(article)\n"
        "[(r.kind, r.side, r.place_name, r.place.label() if r.place else None, str(r.date),\n"
        "  r.evidence.confidence) for r in found.reports]"),
    new_markdown_cell(
        "Each report is a typed `Report`, as a scenario's are, and points at its words: the "
        "character span of its sentence in the article, and a note on how the date, side and "
        "place were read. `to_dict()` gives them in the scenario format (what `frontline "
        "extract` writes). Denied and hypothetical claims give no report; they are listed with "
        "the reason."),
    new_code_cell(
        "(report,) = found.reports\n"
        "evidence = report.evidence\n"
        "assert text[evidence.start:evidence.end] == evidence.sentence\n"
        "found.to_dict()['reports'][0]['evidence']"),
    new_code_cell("[(r.reason, r.sentence) for r in found.rejected]"),
    new_markdown_cell(
        "A place the embedded gazetteer lacks (most villages under 500 inhabitants) is not "
        "dropped, and not given to a namesake elsewhere: the claim is listed under "
        "`unresolved`, with the region the text puts it in and a hint. Here the Kharkiv "
        "village of Pishchane (there are Pishchanes in other oblasts, none in Kharkiv's in "
        "the gazetteer) is never read as a capture of Kharkiv."),
    new_code_cell(
        "more = Extractor().extract(Article(\n"
        "    'wire-1120', 'Russian forces captured the Kharkiv village of Pishchane on Sunday, '\n"
        "    'the defence ministry in Moscow said.', dt.date(2024, 11, 20)))\n"
        "assert more.reports == []\n"
        "[(u['kind'], u['side'], u['place'], u.get('region'), str(u['date']), u['hint'])\n"
        " for u in more.to_dict()['unresolved']]"),
    new_markdown_cell(
        "## Into a scenario\n\n"
        "`merge_into_scenario` appends new reports to a scenario's text, keeping its comments, "
        "and leaves out what it already has (the CLI's `--into` does this, shows the diff and "
        "asks first)."),
    new_code_cell(
        "import shutil\n"
        "import tempfile\n"
        "from pathlib import Path\n\n"
        "from frontline.layers import build, demo_scenario_path\n"
        "from frontline.news.merge import merge_into_scenario\n"
        "from frontline.scenario import load_scenario\n\n"
        "work = Path(tempfile.mkdtemp())\n"
        "for name in ('autumn_2024.yaml', 'settlement_control_2024-08-31.csv'):\n"
        "    shutil.copy(demo_scenario_path().parent / name, work / name)\n"
        "path = work / 'autumn_2024.yaml'\n"
        "sc = load_scenario(path)\n"
        "new_text, added, skipped = merge_into_scenario(\n"
        "    path.read_text(), found.to_dict()['reports'], start=sc.start, end=sc.end)\n"
        "path.write_text(new_text)\n"
        "[r['id'] for r in added], skipped"),
    new_code_cell(
        "import geopandas as gpd\n\n"
        "result = build(path, work / 'out', tiles='none', resolution=None)\n"
        "reports = gpd.read_file(result.gpkg, layer='reports')\n"
        "reports.loc[reports['evidence_sentence'].notna(),\n"
        "            ['id', 'place', 'date', 'confidence', 'evidence_sentence']]"),
    new_code_cell(
        "places = gpd.read_file(result.gpkg, layer='places')\n"
        "places.loc[places['name'] == 'Hirnyk',\n"
        "           ['name', 'side_start', 'side_end', 'changed_on', 'report_ids']]"),
]


def main() -> None:
    for name, cells in (("01_quickstart.ipynb", QUICKSTART),
                        ("02_your_own_scenario.ipynb", OWN),
                        ("03_from_news.ipynb", NEWS)):
        for i, cell in enumerate(cells):  # stable ids: the same cells write the same file
            cell["id"] = f"{name[:2]}-{i:02d}"
        nb = new_notebook(cells=cells, metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"}})
        nbformat.write(nb, HERE / name)


if __name__ == "__main__":
    main()
