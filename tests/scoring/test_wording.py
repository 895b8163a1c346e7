"""Words about the scores (scoring/wording.py): why a pillar is or is not in play, with the threshold
pillars_in_play stores."""
from __future__ import annotations

import pandas as pd

from indicators.scoring.pillars import pillars_in_play
from indicators.scoring.wording import play_reason
from indicators.store.catalogue import PILLARS, load_catalogue


def test_pillars_in_play_stores_the_threshold_play_reason_uses():
    cat = load_catalogue()
    need = int(cat.settings.get("pillar_min_countries", 50))
    rows = [{"iso3": f"C{i:02d}", "pillar": PILLARS[0], "score": 50.0} for i in range(3)]
    play = pillars_in_play(pd.DataFrame(rows), cat)
    assert play[PILLARS[0]] == {"in_play": False, "countries": 3, "need": need,
                                "reason": f"only 3 countries scored (needs {need}); more uploads will bring it in"}
    assert play_reason(play[PILLARS[0]]) == f"only 3 countries scored (needs {need}); more uploads will bring it in"
    assert play_reason(play[PILLARS[1]]) == "no data yet, working groups can upload it"
    assert play_reason({"countries": 3}, 3) == "3 countries scored"          # an explicit threshold still wins
