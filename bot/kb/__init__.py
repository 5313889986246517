"""The knowledge code: the schema of knowledge/*.yaml, its loader and its validator. (The data
itself is the top-level knowledge/ folder, shipped inside the package.)"""
from .languages import Language, Languages, Text
from .loader import Report, default, load, read, validate
from .review import review
from .schema import (CONFIDENCE_LEVELS, LEVELS, MODEL_KIND, QUESTION_KIND, UNSURE, Choice, FaqTopic,
                     Knowledge, KnowledgeError, Question, Reason, ScamExample, ScamModel, Section, Step,
                     TopicModel)

__all__ = ["CONFIDENCE_LEVELS", "LEVELS", "MODEL_KIND", "QUESTION_KIND", "UNSURE", "Choice", "FaqTopic",
           "Knowledge", "KnowledgeError", "Language", "Languages", "Question", "Reason", "Report", "ScamExample",
           "ScamModel", "Section", "Step", "Text", "TopicModel", "default", "load", "read", "review", "validate"]
