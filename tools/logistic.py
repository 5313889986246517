"""The logistic regression both models are (scikit-learn at training time; bot/kb reads the
result as a bias and weights, scored in plain Python): fitted on rows of (features, label)."""
from __future__ import annotations

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


def parameters(vectorizer, model) -> tuple[float, dict[str, float]]:
    """The bias and the weights (rounded, the smallest left out) as the model files keep them."""
    weights = {name: round(float(w), 4) for name, w in zip(vectorizer.feature_names_, model.coef_[0])
               if abs(w) >= PRUNE}
    return round(float(model.intercept_[0]), 4), dict(sorted(weights.items()))
