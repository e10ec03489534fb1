"""Every tuning constant of Frontline, with its meaning, in one place.

Modules import what they need from here; nothing else defines a threshold.
Changing a value here changes it everywhere it is used. Distances are in
kilometres unless the name says metres (``_M``); areas in km² unless ``_M2``.
"""

from __future__ import annotations

# -- geocoding (frontline.geo) -------------------------------------------------------------------
#: Score gap (log10 population units) below which the best two candidates are ambiguous.
AMBIGUITY_MARGIN = 1.0
#: Candidates closer than this to a better one are the same place listed twice.
SAME_PLACE_KM = 3.0
#: Population assumed for places whose population is unknown (user entries).
UNKNOWN_POPULATION = 100
#: Score bonus for a match on the GeoNames main name rather than an alternate.
MAIN_NAME_BONUS = 0.5
#: Score bonus for a former name listed in the table of renamings.
RENAMED_BONUS = 1.0
#: Score penalty for an alternate that is another name (a historical name, a code).
OTHER_NAME_PENALTY = -2.0
#: Weight and distance scale of nearness to ``near=``: -W * log10(1 + d / scale).
NEAR_WEIGHT, NEAR_SCALE_KM = 4.0, 5.0
#: Weight, distance scale and number of neighbours of nearness to the names mentioned alongside.
CONTEXT_WEIGHT, CONTEXT_SCALE_KM, CONTEXT_NEIGHBOURS = 3.0, 20.0, 5
#: Folded-key similarity (rapidfuzz ratio, 0-100) from which an alternate name counts as
#: a spelling of the main name rather than another name (part of the index's key).
SPELLING_SIMILARITY = 65.0
#: Similarity (rapidfuzz ratio, 0-100) a spelling variant must have with the name it
#: matched, compared letter by letter: 'aaaa' folds to 'a' but is no spelling of 'Å'.
VARIANT_SIMILARITY = 70.0
#: Lowest similarity (rapidfuzz ratio, 0-100) of a name offered as "did you mean".
SUGGESTION_SIMILARITY = 70.0
#: An imported place without country or admin-1 takes them from the nearest embedded
#: place within this distance.
IMPORT_NEAREST_KM = 60.0
#: Longest part of a user's input quoted in a message (longer input is cut with '...').
QUOTE_CHARS = 100

# -- scenarios (frontline.scenario) --------------------------------------------------------------
#: Labelled settlements of different sides closer than this face each other across the front.
FRONT_PAIR_KM = 40.0
#: A labelled settlement whose nearest settlement of its own side is farther than this, and
#: which the settlements nearer than that, all of one other side, surround, is most likely
#: mislabelled.
ISLAND_KM = 50.0
#: A polygon baseline's outline is sampled every this many km for its front's points ...
FRONT_SAMPLE_KM = 2.0
#: ... keeping those farther than this (km) inside a country's outline (a polygon drawn on
#: another map's borders and coasts disagrees with Natural Earth's by about this much).
BORDER_TOLERANCE_KM = 3.0
#: A place matched only loosely (a former name, a spelling variant) this far from the
#: front deserves a warning.
FAR_FROM_FRONT_KM = 50.0
#: A captured or abandoned place farther than this from the baseline's front and from every
#: incursion's origin is most likely a namesake of the place meant.
REPORT_REACH_KM = 100.0
#: An advance's objective farther than this from the baseline's front and from the advance's
#: other places (its origin, its other objectives) is most likely a namesake. Wider than a
#: capture's reach: an invasion names cities a few days' advance away (Kyiv from Belarus,
#: Mykolaiv from Crimea: 90-150 km).
OBJECTIVE_REACH_KM = 300.0
#: A baseline row's lat/lon farther than this from the place its name resolves to means
#: the row names a place the gazetteer lacks (its coordinates are then the place).
BASELINE_MATCH_KM = 10.0
#: A baseline row's lat/lon may lie this far outside its stated country or oblast.
BASELINE_OUTSIDE_KM = 5.0
#: A capture of a place within this distance of a baseline settlement the capturing
#: side already holds is reported as changing nothing there.
ALREADY_HELD_KM = 5.0
#: A detached piece of a polygon baseline's ground smaller than this (m²) ...
SLIVER_AREA_M2 = 2e6
#: ... or thinner than this on average (m: twice its area over its perimeter) is a sliver
#: where the polygons and the borders disagree, and goes to the neighbour around it.
SLIVER_WIDTH_M = 600.0
#: A country of the theatre of at most this area (km²: Ukraine, Belarus, but not Russia) ...
THEATRE_WHOLE_KM2 = 1_000_000.0
#: ... or with at least this share of its area within the margin of the scenario's places
#: is kept whole (the country the war is fought in); others keep the band along the front.
THEATRE_WHOLE_SHARE = 0.25
#: Margin (km) around the baseline and the reports' places that a theatre keeps by default.
DEFAULT_MARGIN_KM = 100.0

# -- news text (frontline.news) ------------------------------------------------------------------
#: A capture or withdrawal farther than this from a scenario's front is not reported.
FRONT_REACH_KM = 150.0
#: 'X, southeast of Y': a place of that name farther than this from Y is a namesake, not X.
NEAR_PLACE_KM = 40.0
#: A name bound to no region nor place, resolved to a village (under NAMESAKE_POPULATION)
#: by a guess among several, a spelling variant or another name, lying farther than this
#: from every other place an article names (when it names at least FAR_NAMESAKE_OTHERS
#: others), is taken for a namesake of a village the gazetteer lacks (unresolved). Set on
#: the news_dev tuning part: the wrong namesakes lay 153-196 km from the article's nearest
#: other place, the right places at most 117 km (or in articles naming fewer than two).
FAR_NAMESAKE_KM = 150.0
FAR_NAMESAKE_OTHERS = 2
#: A place farther than FRONT_REACH_KM from the front but smaller than this is taken for a
#: namesake of a village the gazetteer lacks (unresolved); a larger one is rejected as far.
NAMESAKE_POPULATION = 10_000
#: A rate's period longer than this without 'a day/week/month' is a cumulative total
#: ('116,000 km² since February 2022'), not a rate. A year or less is a rate over its period
#: ('300 sq mi this year', '250 km² since the beginning of 2025'), as analysts write them
#: down (the real-news answer key's convention).
MAX_RATE_PERIOD_DAYS = 366
#: Confidence of a claim found whole in one sentence, before any penalty.
BASE_CONFIDENCE = 0.9
#: What each weakness of a claim takes off its confidence.
CONFIDENCE_PENALTY = {
    "no date": 0.2,  # the publication date stands in for the event's
    "period date": 0.1,  # 'last week': the end of the period stands in
    "side from context": 0.2,  # no side named in the sentence itself
    "ambiguous place": 0.2,  # the best of several places of that name
    "spelling variant": 0.05,
    "place from context": 0.15,  # 'withdrew from the city' after naming it
    "claimed": 0.1,  # 'claimed to have captured'
    "disputed": 0.3,  # 'a claim Kyiv denied', 'could not be verified'
    "no period": 0.3,  # a rate without the period it applies to
    "region from context": 0.15,
    "hedged": 0.15,  # 'likely seized X as of', 'reportedly withdrew'
    "entered": 0.2,  # 'entered the city of X': in it, perhaps not holding it
}
#: Confidence never goes below or above these.
MIN_CONFIDENCE, MAX_CONFIDENCE = 0.05, 0.95
#: Largest article file read (a long read is ~50 kB; more is not an article).
MAX_ARTICLE_BYTES = 2_000_000

# -- the model (frontline.model) -----------------------------------------------------------------
#: Precision grid (metres) of every overlay in the projected CRS: results are snapped to
#: it, so the sides' polygons meet exactly and never overlap.
GRID_M = 0.01
#: Each side's ground is kept in square tiles of this side (m) while the model runs, so a
#: day's change overlays only the tiles it touches (:mod:`frontline.model.ground`); a
#: tile holds a few hundred vertices of a front, a day's gain touches a few tiles.
GROUND_TILE_M = 100_000.0
#: Ground smaller than this (m²) does not count as a change of hands.
MIN_CHANGE_M2 = 100.0
#: Relative tolerance of an advance rate's daily area.
RATE_TOLERANCE = 1e-3
#: Relative tolerance of an incursion's area (the border's shape makes it jump a little).
INCURSION_TOLERANCE = 1e-3
#: An incursion more than this share away from its reported area gets a note.
INCURSION_NOTE_SHARE = 0.01
#: The active front of an advance is the front within this distance (m) beyond each
#: objective's distance to the advancing side ...
OBJECTIVE_REACH_M = 6_000.0
#: ... then this many times as far when that stretch cannot give the day's share,
#: then the whole front.
OBJECTIVE_REACH_WIDENING = (1, 3, 8)
#: Growth deeper than this (m) in one day is not attempted (the target is then not met).
MAX_DAILY_GROWTH_M = 60_000.0
#: An incursion reaches at most this far (m) from its border.
MAX_INCURSION_DEPTH_M = 150_000.0
#: The wave: speed in the sectors of the axes toward objectives, away from the axes, where
#: speed along an axis is 1 (the share of the gain between named places follows from it;
#: at 0.1 the front formed fingers at the named places, and the harness's share error was
#: 99%, at 0.3 95%) ...
WAVE_BASE_SPEED = 0.3
#: ... falling off with the distance (m) to the nearest axis (1/e at this distance; beyond
#: twice it, the front stands).
SECTOR_SPREAD_M = 25_000.0
#: The wave: how far (m) from the axis of an objective its speed falls to 1/e ...
AXIS_WIDTH_M = 6_000.0
#: ... and how far (m) beyond the objective the axis runs (an advance does not stop dead at it).
AXIS_BEYOND_M = 10_000.0
#: The wave: an objective at least this far (m) from the front pulls fully; a nearer one is
#: fought for in its streets rather than advanced on, and pulls less ...
AXIS_FULL_M = 10_000.0
#: ... down to this share of a full pull at the front.
AXIS_LEAST = 0.25
#: The wave: the town of a capture reported while the rate is under way is reached by the
#: front over the days before its date, not taken as a salient on the day: where the wave
#: would not come within this distance (m) ...
DEADLINE_REACH_M = 1_000.0
#: ... of this share of the ground round the town by the day before (it goes round the
#: town: the town falls once half encircled), the pull of its axis is raised, its width
#: narrowed by the square root of that ...
DEADLINE_SHARE = 0.5
#: ... and no narrower than this (m) ...
DEADLINE_MIN_WIDTH_M = 3_000.0
#: ... by as many times as the wave is late there (at least this many, at most its cube), and
#: the wave made again ...
DEADLINE_BOOST = 2.0
#: ... up to this many times a full pull (the rest of the rate's sectors still advance; at
#: 64, a synthetic year with a capture a week and no objectives was all fingers, its map's
#: pieces of ground twice as long to make).
DEADLINE_MAX_BOOST = 16.0
#: A town farther from the front than the rate's ground until its date would reach as a
#: salient this wide (m: the widest a capture's salient gets, twice
#: PASSAGE_MAX_HALF_WIDTH_M) is not pulled toward: the rate's area wins, the town is left
#: short with a note, and its capture takes the salient on the day (pulled there, the
#: whole month's ground went into a finger 3 km wide and 70 km long).
DEADLINE_WIDTH_M = 6_000.0
#: The wave: a place captured this many days ago or less still speeds it around it (the
#: fighting is there, and the front moves on from it).
RECENT_CAPTURE_DAYS = 30
#: A settlement whose capture by a side is reported within this many days is ground that
#: side may not take yet (the report says the place held until then); a capture reported
#: further ahead says nothing of the day. On the July-October 2024 calibration months
#: (benchmarks/placement.py) the model places ground as with no limit (share error 94.7
#: both); the limit bounds how far back a new report can change the model, so that a
#: rebuild resumes near it (frontline.model.resume).
PROTECTED_DAYS = 14
#: An ``advance`` or ``fighting`` report whose place lies farther than this (km) inside one
#: side's ground on its date, from the other side's, is noted in the timeline: such a place
#: is on the front, and so either the reports disagree with the model or the name was a
#: namesake (a week's advance at the fastest rates of 2024 is a few km).
FRONT_REPORT_NOTE_KM = 20.0
# -- where the front may be (frontline.model.band) ---------------------------------------------
#: The band around each day's front: its half-width where the front is pinned (km) ...
BAND_MIN_KM = 1.0
#: ... growing by this much per km the front lies from the nearest pin (a rate's ground is
#: placed from the front the reports fixed; the farther it went, the more it could be
#: elsewhere) ...
BAND_GROWTH = 0.5
#: ... up to this (km). Calibrated on July-October 2024 (benchmarks/fronts.py): see
#: docs/model.md for the share of the real front inside and the mean width.
BAND_MAX_KM = 2.5
#: A report pins the front near its place from this many days before its date to this many
#: after (a week's assessment describes the week; a town just taken stays near the front).
BAND_PIN_DAYS = (7, 14)
#: The front is cut into stretches of at most this length (m), each with its own width ...
BAND_STEP_M = 1_000.0
#: ... rounded to a multiple of this (km): stretches of one width are buffered together,
#: from the front simplified to this (m), a fifth of the narrowest half-width.
BAND_QUANTUM_KM = 0.25
BAND_SIMPLIFY_M = 100.0
#: A capture farther than this (km) beyond its side's ground, with no advance rate of that
#: side under way in the country, is a town taken in a war of movement (the RSF's Wad Madani,
#: 170 km from its ground): the town is drawn as an enclave and the ground between is left to
#: its holder, not joined by a corridor drawn as certain. (A month's advance at the fastest
#: rates of 2024 was about 15 km deep.)
CAPTURE_ENCLAVE_KM = 30.0
#: A captured town's ground is joined to its side's by the bay between them, filled within
#: this many times the town's footprint radius of its centre: a town falls when the front
#: has come round it, not along one road (a town just off the front was a round bulb on a
#: neck: Selydove in the autumn example).
CAPTURE_FILL_FACTOR = 2.0
#: Contested ground: the front within this distance (km) of a ``fighting`` report's place
#: (assessments name the nearest village to the fighting; villages along the 2024 fronts
#: lie 3 to 5 km apart) ...
CONTESTED_REACH_KM = 5.0
#: ... and this far (km) on either side of it: the grey zone of the contact line, where
#: neither side holds ground firmly (1 to 3 km deep in 2024 reporting) ...
CONTESTED_HALF_KM = 1.5
#: ... from the report's date for MAP_FRONT_REPORT_DAYS days (the map shows the report as
#: long).
#: The wave: settlements of at least this many people are strongpoints: ground the wave
#: does not enter until their capture is reported or they are encircled (towns of 5,000
#: have a built-up core held street by street, and their capture is news).
STRONGPOINT_POPULATION = 5_000
#: The wave: the population around a point (each settlement's weighted by a Gaussian of its
#: distance, 1/e at this radius, m) makes ground slow: an agglomeration is fought for
#: street by street, open country between villages is not ...
URBAN_RADIUS_M = 4_000.0
#: ... at this many people around, the wave moves at half its speed (a town of 30,000
#: slows it elevenfold at its centre, a village of 600 by a sixth; open country not at all).
URBAN_POPULATION = 3_000.0
#: The wave: settlements from this many people up slow it within their footprint ...
BUILT_UP_POPULATION = 500
#: ... to this share of the speed it would have there.
BUILT_UP_SPEED = 0.5
#: A pocket of the other side's ground at most this large (m²), closed in by the advancing
#: side (touching no border and no coast), is encircled and taken.
ENCIRCLED_MAX_M2 = 60e6
#: ... a pocket on the coast or on a border is closed in when the attacker's ground holds at
#: least this share of its boundary (a town on a straight coast with the attacker all round
#: it on land: 61%; one with a land border to a third country along half its edge is not) ...
ENCIRCLED_EDGE_SHARE = 0.55
#: ... and said in the timeline's notes from this area (m²) up (smaller ones are slivers).
ENCIRCLED_NOTE_M2 = 1e6
#: A siege reported as an encirclement (``encircled: true``) gives the besieger the ground
#: this far (m) round the besieged town's footprint, joined to its front: a town is cut off
#: when the roads out of it are held beyond the reach of its defenders' guns and mortars
#: (about 10 km), not only at its edge.
ENCIRCLEMENT_DEPTH_M = 10_000.0
#: Barriers given as lines (rivers) are this wide (m): the wave does not cross them (its
#: cells touching one are closed, and so is every step across one).
BARRIER_WIDTH_M = 200.0
#: A rate with an ``origin`` beyond its country's border starts from the stretch of that
#: border within this distance (m) of the point nearest the origin: an invasion across a
#: border by columns on several parallel roads, not at one point.
CROSSING_HALF_WIDTH_M = 30_000.0
#: The wave: arrival times are computed to this depth (m) beyond the front ...
WAVE_DEPTH_M = 15_000.0
#: ... and, when it runs out, three times as far, up to this depth (m) ...
WAVE_MAX_DEPTH_M = 135_000.0
#: ... on cells at least this fine (m) ...
WAVE_MIN_CELL_M = 300.0
#: ... or than the side of a square of the day's share (rate x 1 day) over this many cells
#: (300 m up to 20 km² a day, so every rate of a slow front: the autumn example's and the
#: placement harness's, up to 16 km² a day, are drawn on 300 m cells; 1.2 km at 300 km² a
#: day, 3.3 km at 2,400: an invasion's day spans 15 cells, its outline on a front of
#: thousands of kilometres drawn to about a kilometre. The invasion example's model took
#: 65 s at 50 cells, 34 s at 30, 35 at 20, 25 at 15, 21 at 10; its outlines alike at
#: zoom 8) ...
WAVE_SHARE_CELLS = 15
#: ... unless that needs more cells than this.
WAVE_MAX_CELLS = 250_000
#: ... nor more than this over the box round the window (a window of pieces far apart, as
#: with several axes of one offensive, would otherwise need a grid of millions of cells).
WAVE_MAX_GRID_CELLS = 1_000_000
#: A wave's ground is cut to a box round its axes before the overlays (a whole country's
#: ground is slow to cut): the box reaches this many times the distance from each place
#: that pulls it to its side's ground (the front lies at least that far; the box is
#: checked, and the whole country used, when the front is farther) ...
WAVE_BOX_FRONT_FACTOR = 1.5
#: ... and this much (m) beyond the sectors and the front that reaches them, for the
#: grid drawn round them (a few cells of at most a kilometre or two).
WAVE_BOX_MARGIN_M = 20_000.0
#: The wave: a day's share is sought this many times at most (a wave that stalls, where
#: the area jumps as a new piece is reached, is rebuilt from the day's front and tried again).
WAVE_TRIES = 6
#: A reported capture takes a salient along the shortest path from the front to the place:
#: the place's own ground at its tip, widening toward the front to this share of its
#: length on each side (a salient 5 km deep is 5 km wide at its base) ...
PASSAGE_WIDENING = 0.5
#: ... and no wider than twice this (m), however far the place (a breakthrough to a place
#: far beyond the front is a long salient, not a bulge) ...
PASSAGE_MAX_HALF_WIDTH_M = 3_000.0
#: ... computed on cells at least this fine (m) ...
PASSAGE_MIN_CELL_M = 150.0
#: ... and at most this many of them.
PASSAGE_MAX_CELLS = 60_000
#: Settlement footprint: at least this radius (m) ...
FOOTPRINT_MIN_M = 1_000.0
#: ... else this many metres times the square root of the population in thousands
#: (2.7 km for a town of 20,000, 4.6 km for 60,000).
FOOTPRINT_M_PER_SQRT_THOUSAND = 600.0
#: Partition: the labels' vote is sampled on a grid this fine (km; the front between its
#: points is interpolated) ...
PARTITION_CELL_KM = 1.0
#: ... unless that needs more points than this ...
PARTITION_MAX_CELLS = 1_500_000
#: ... by this many nearest labels ...
PARTITION_VOTERS = 8
#: ... whose weights fall to 1/e at the distance of this nearest label (at 1, the nearest
#: label decides nearly alone, as in a Voronoi diagram; at 3, the boundary between the
#: two sides' labels is smooth over about the distance between labels).
PARTITION_BANDWIDTH = 3
#: Partition: pieces smaller than this (km²) join the neighbour they share most border with.
PARTITION_MIN_PIECE_KM2 = 1.0
#: A place lying within this distance (m) of a side's ground, on a coast or border line,
#: is counted as that side's.
PLACE_SNAP_M = 5_000.0

# -- the map (frontline.layers.webmap) -----------------------------------------------------------
#: The map shows an ``advance`` or ``fighting`` report this many days from its date (such
#: reports come in daily and weekly assessments: a week keeps the last week's on the map).
MAP_FRONT_REPORT_DAYS = 7
#: Coordinates are rounded to this many degrees (about 1 m).
MAP_PRECISION_DEG = 1e-5
#: Pieces of ground are simplified together by this many degrees (about 15 m, a pixel at
#: zoom 13).
MAP_SIMPLIFY_DEG = 1.5e-4
#: A side's ground is drawn as one canvas path of at most this many points (Chromium fills
#: a path of 50,000 points in tens of ms, one of 600,000 in seconds); a longer scenario's
#: side is split into several paths (where two meet, a faint seam may show).
MAP_PATH_POINTS = 50_000
#: Context labels: a place of at least this many people is named at the theatre's zoom ...
MAP_CITY_POPULATION = 100_000
#: ... one of at least this many from MAP_TOWN_ZOOM on ...
MAP_TOWN_POPULATION = 10_000
MAP_TOWN_ZOOM = 8
#: ... and every settlement within MAP_FRONT_ZONE_KM of a front line of any day from
#: MAP_VILLAGE_ZOOM on (the scale at which villages a few km apart do not collide).
MAP_FRONT_ZONE_KM = 25.0
MAP_VILLAGE_ZOOM = 10
#: GeoNames lists a city's districts as places of their own ("Kyivskyi", "Rutchenkivskyi":
#: Donetsk's, each of 100,000 people or more); a town named as an adjective (-skyi, -iy) this
#: close to a more populous place is taken for one and not named on the map.
MAP_DISTRICT_KM = 20.0
#: Far from the front (borders, admin-1 lines) coordinates may be this coarse (degrees,
#: about 100 m): nobody reads them at a zoom where that shows.
MAP_CONTEXT_SIMPLIFY_DEG = 1e-3

# -- admin-1 regions (frontline.geo.regions) -----------------------------------------------------
#: Places up to this far (degrees) outside the box asked for still shape its regions' cells.
REGION_MARGIN_DEG = 2.0

# -- the figure for print (frontline.layers.figure) ----------------------------------------------
#: Raster figures are written at this resolution (dots per inch).
FIGURE_DPI = 200
#: At most this many of the largest settlements in the extent are candidates for a name
#: (those that would cover another name are left out).
FIGURE_LABELS = 60
#: Ground and borders are drawn this far (degrees) beyond the figure's frame, so that no
#: edge of theirs shows at the frame.
FIGURE_MARGIN_DEG = 0.2
