"""The form both trained models take (scam_model.json, crisis_model.json): a logistic regression
over a text's features, read in plain Python."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Mapping


@dataclass(frozen=True)
class ScamModel:
    """The scam shield's second opinion (scam_model.json, written by tools/train_scam_model.py):
    logistic regression over the features of `shield.scam.scam_features`."""
    bias: float
    weights: Mapping[str, float]
    trained_on: str          # the digest of its training set (bot/shield/training.py)
    threshold: float         # safety.yaml `model.threshold`

    def probability(self, features: Iterable[str]) -> float:
        z = math.fsum([self.bias, *(self.weights.get(f, 0.0) for f in features)])  # exact: a set's order never matters
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
