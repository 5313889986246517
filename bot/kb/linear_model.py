"""The form both trained models take (scam_model.json, crisis_model.json): a logistic regression
over a text's features, read in plain Python; its weights held packed (`PackedWeights`)."""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Iterable, Mapping

import numpy as np


class PackedWeights:
    """A model's weights as the bot holds them: each feature's 64-bit digest, sorted, beside its
    weight, in two arrays: 16 bytes a weight, where a dict of the features' strings takes over a
    hundred (the two models' 110,000 weights: 12 MB held by the bot, now 2). The features
    themselves are not kept: they are only looked up (a feature the model lacks takes another's
    weight only if their digests agree: about once in 10^14 messages). Not a Mapping, and equal
    only to itself."""
    __slots__ = ("_keys", "_values")

    def __init__(self, weights: Mapping[str, float]):
        keys = np.fromiter(map(_digest, weights), dtype=np.uint64, count=len(weights))
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._values = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))[order]
        if np.any(self._keys[1:] == self._keys[:-1]):  # (about one chance in 10^9 for 110,000 features)
            raise ValueError("two features share a digest")  # (then give _digest a salt)
        self._keys.flags.writeable = self._values.flags.writeable = False  # read by every thread, written by none

    def __len__(self) -> int:
        return len(self._keys)

    def weights_of(self, features: Iterable[str]) -> list[float]:
        """The weights of those of `features` the model has."""
        wanted = np.fromiter(map(_digest, features), dtype=np.uint64)
        if not len(self._keys) or not len(wanted):
            return []
        at = np.minimum(np.searchsorted(self._keys, wanted), len(self._keys) - 1)
        return self._values[at[self._keys[at] == wanted]].tolist()


def _digest(feature: str) -> int:
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(frozen=True)
class ScamModel:
    """The scam shield's second opinion (scam_model.json, written by tools/train_scam_model.py):
    logistic regression over the features of `shield.scam.scam_features`. The bot's weights are
    packed (`kb.shield_files.read_model`); the training tools score with a plain dict."""
    bias: float
    weights: Mapping[str, float] | PackedWeights
    trained_on: str          # the digest of its training set (bot/shield/training.py)
    threshold: float         # safety.yaml `model.threshold`

    def probability(self, features: Iterable[str]) -> float:
        weights = self.weights
        found = (weights.weights_of(features) if isinstance(weights, PackedWeights)
                 else [weights.get(f, 0.0) for f in features])
        z = math.fsum([self.bias, *found])  # exact: a set's order never matters
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
