"""The logistic regression both models are (scikit-learn at training time; bot/kb reads the
result as a bias and weights, scored in plain Python): fitted on rows of (features, label)."""
from __future__ import annotations

import math

# L2 regularisation strength (scikit-learn's C: larger fits the examples more closely); chosen
# by leaving out one writer's set of examples at a time (recall and false alarms on it)
C = 1.0
PRUNE = 0.01  # weights smaller than this change no probability that matters; left out (half the weights: memory)


def fit(rows):
    """A DictVectorizer and a balanced logistic regression fitted on (feature set, label) rows."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(features, 1.0) for features, _ in rows])
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    return vectorizer, model.fit(x, [label for _, label in rows])


def parameters(vectorizer, model, prune: float = PRUNE) -> tuple[float, dict[str, float]]:
    """The bias and the weights (rounded, those under `prune` left out) as the model files keep them."""
    weights = {name: round(float(w), 4) for name, w in zip(vectorizer.feature_names_, model.coef_[0])
               if abs(w) >= prune}
    return round(float(model.intercept_[0]), 4), dict(sorted(weights.items()))


def calibration(rows, folds: int = 5) -> tuple[float, float, list[tuple[float, bool]]]:
    """Platt scaling: the slope and intercept that turn a model's score (bias + weights) into the
    share of scams among the training messages so scored, fitted on out-of-fold scores (each
    message scored by a model trained without it, in `folds` stratified folds: deterministic);
    and those (score, label) pairs."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    labels = [label for _, label in rows]
    scores = [0.0] * len(rows)
    for train, held in StratifiedKFold(folds, shuffle=True, random_state=0).split(np.zeros(len(rows)), labels):
        bias, weights = parameters(*fit([rows[i] for i in train]))
        for i in held:
            scores[i] = math.fsum([bias, *(weights.get(f, 0.0) for f in rows[i][0])])
    platt = LogisticRegression(C=1e6, max_iter=1000).fit([[z] for z in scores], labels)
    return float(platt.coef_[0][0]), float(platt.intercept_[0]), list(zip(scores, labels))


def calibrated(bias: float, weights: dict[str, float], slope: float, intercept: float) -> tuple[float, dict[str, float]]:
    """The model with its calibration folded in: the same logistic form, so a threshold on its
    probability is a share of scams (the smallest weights left out again)."""
    return (round(slope * bias + intercept, 4),
            {f: round(slope * w, 4) for f, w in weights.items() if abs(slope * w) >= PRUNE})


def reliability(pairs: list[tuple[float, bool]], slope: float, intercept: float) -> list[str]:
    """Lines of a reliability table: out-of-fold messages by calibrated probability, and the share
    of scams among them (a calibrated model's two columns agree)."""
    bins: dict[int, list[int]] = {}
    for z, label in pairs:
        p = 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, slope * z + intercept))))
        counts = bins.setdefault(min(int(p * 10), 9), [0, 0])
        counts[0] += label
        counts[1] += 1
    return [f"  probability {b / 10:.1f}-{(b + 1) / 10:.1f}: {n:5} messages, {k / n:6.1%} scams"
            for b, (k, n) in sorted(bins.items())]
